using System.Collections.Concurrent;
using System.Net;

namespace L2Rec.Tests.Feeds.Binance;

/// <summary>
/// Binance's REST as a test scripts it: exchangeInfo from a fixed body, and each depth request answered by the next
/// queued answer for its symbol (or held until one is queued).
/// </summary>
internal sealed class FakeBinanceRest(string exchangeInfo) : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, BlockingCollection<Func<HttpResponseMessage>>> _depth = new();

    public ConcurrentQueue<Uri> Requests { get; } = new();

    public int DepthRequests(string symbol) => Requests.Count(u => u.AbsolutePath.EndsWith("/depth", StringComparison.Ordinal) && u.Query.Contains($"symbol={symbol}&", StringComparison.Ordinal));

    public void Snapshot(string symbol, string body, int usedWeight = 10) => Queue(symbol, () => Ok(body, usedWeight));

    public void Queue(string symbol, Func<HttpResponseMessage> answer) => Queue(symbol).Add(answer);

    public static HttpResponseMessage Ok(string body, int usedWeight = 10)
    {
        HttpResponseMessage response = new(HttpStatusCode.OK) { Content = new StringContent(body) };
        response.Headers.Add("X-MBX-USED-WEIGHT-1M", usedWeight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uri uri = request.RequestUri!;
        Requests.Enqueue(uri);
        if (uri.AbsolutePath.EndsWith("/exchangeInfo", StringComparison.Ordinal))
        {
            return Ok(exchangeInfo);
        }

        string symbol = System.Web.HttpUtility.ParseQueryString(uri.Query)["symbol"] ?? string.Empty;
        BlockingCollection<Func<HttpResponseMessage>> answers = Queue(symbol);
        Func<HttpResponseMessage> answer = await Task.Run(() => answers.Take(cancellationToken), cancellationToken);
        return answer();
    }

    private BlockingCollection<Func<HttpResponseMessage>> Queue(string symbol) => _depth.GetOrAdd(symbol, _ => []);
}
