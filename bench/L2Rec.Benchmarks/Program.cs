using System.Globalization;
using BenchmarkDotNet.Running;
using L2Rec.Benchmarks;

// generate FILE SIZE_MB [DEPTH]: a valid data file for end-to-end validate/diagnose runs.
if (args.Length >= 3 && args[0] == "generate")
{
    long megabytes = long.Parse(args[2], CultureInfo.InvariantCulture);
    int depth = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
    DataFileGenerator.Generate(args[1], megabytes * 1_000_000, depth, new DateTimeOffset(2025, 10, 23, 0, 0, 0, TimeSpan.Zero));
    return 0;
}

// generate-collection DIR DAYS SIZE_MB_PER_FILE [DEPTH]: consecutive healthy daily files for diagnose runs.
if (args.Length >= 4 && args[0] == "generate-collection")
{
    int days = int.Parse(args[2], CultureInfo.InvariantCulture);
    long megabytes = long.Parse(args[3], CultureInfo.InvariantCulture);
    int depth = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 10;
    DataFileGenerator.GenerateCollection(args[1], days, megabytes * 1_000_000, depth, new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args);
return 0;
