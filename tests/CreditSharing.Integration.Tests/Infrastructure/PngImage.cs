using System.Buffers.Binary;
using System.IO.Compression;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>
/// Just enough PNG decoding (non-interlaced; grey, RGB, palette, RGBA; 1–8 bits; all five filters)
/// to hand a QR code's pixels to a decoder as 8-bit luminance.
/// </summary>
public static class PngImage
{
    public static (byte[] Luminance, int Width, int Height) Decode(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        var position = 8;
        int width = 0, height = 0, bitDepth = 0, colorType = 0;
        byte[] palette = [];
        using var idat = new MemoryStream();
        while (position < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    if (data[12] != 0)
                    {
                        throw new NotSupportedException("Interlaced PNG.");
                    }

                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            position += 12 + length;
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"Colour type {colorType}.") };
        var bitsPerPixel = channels * bitDepth;
        var stride = ((width * bitsPerPixel) + 7) / 8;
        var bytesPerPixel = Math.Max(1, bitsPerPixel / 8);
        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var bytes = raw.ToArray();

        var previous = new byte[stride];
        var current = new byte[stride];
        var luminance = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var offset = y * (stride + 1);
            var filter = bytes[offset];
            for (var x = 0; x < stride; x++)
            {
                var a = x >= bytesPerPixel ? current[x - bytesPerPixel] : 0;
                var b = previous[x];
                var c = x >= bytesPerPixel ? previous[x - bytesPerPixel] : 0;
                var value = bytes[offset + 1 + x];
                current[x] = (byte)(filter switch
                {
                    0 => value,
                    1 => value + a,
                    2 => value + b,
                    3 => value + ((a + b) / 2),
                    4 => value + Paeth(a, b, c),
                    _ => throw new NotSupportedException($"Filter {filter}."),
                });
            }

            for (var x = 0; x < width; x++)
            {
                luminance[(y * width) + x] = Luma(current, x, bitDepth, colorType, palette);
            }

            (previous, current) = (current, previous);
        }

        return (luminance, width, height);
    }

    private static byte Luma(byte[] row, int x, int bitDepth, int colorType, byte[] palette)
    {
        int Sample(int index)
        {
            if (bitDepth == 8)
            {
                return row[index];
            }

            var bit = index * bitDepth;
            var value = (row[bit / 8] >> (8 - bitDepth - (bit % 8))) & ((1 << bitDepth) - 1);
            return colorType == 3 ? value : value * 255 / ((1 << bitDepth) - 1);
        }

        return colorType switch
        {
            0 or 4 => (byte)Sample(x * (colorType == 4 ? 2 : 1)),
            3 => (byte)((palette[Sample(x) * 3] + palette[(Sample(x) * 3) + 1] + palette[(Sample(x) * 3) + 2]) / 3),
            _ => (byte)((row[x * (colorType == 6 ? 4 : 3)] + row[(x * (colorType == 6 ? 4 : 3)) + 1] + row[(x * (colorType == 6 ? 4 : 3)) + 2]) / 3),
        };
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
