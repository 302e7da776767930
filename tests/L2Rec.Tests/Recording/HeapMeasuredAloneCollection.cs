namespace L2Rec.Tests.Recording;

/// <summary>Tests that measure the whole process's heap run in this collection: alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasuredAloneCollection
{
    public const string Name = "Heap measured alone";
}
