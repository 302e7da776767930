using System.Globalization;
using System.Text;

namespace L2Rec.Tests.Support;

/// <summary>
/// A deliberately plain Kraken checksum, independent of the production code: decimal values formatted at the pair's
/// precision, '.' removed, leading zeros trimmed, concatenated, then a bitwise CRC32 written out here.
/// </summary>
public static class ReferenceChecksum
{
    public static uint Compute(IEnumerable<(decimal Price, decimal Qty)> asks, IEnumerable<(decimal Price, decimal Qty)> bids, int pricePrecision, int qtyPrecision)
    {
        StringBuilder text = new();
        foreach ((decimal price, decimal qty) in asks.Take(10).Concat(bids.Take(10)))
        {
            text.Append(Token(price, pricePrecision)).Append(Token(qty, qtyPrecision));
        }

        return Crc32(Encoding.ASCII.GetBytes(text.ToString()));
    }

    public static string Token(decimal value, int precision) =>
        value.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0');

    public static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
