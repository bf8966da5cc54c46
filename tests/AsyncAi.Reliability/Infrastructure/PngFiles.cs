using System.Buffers.Binary;
using System.IO.Compression;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>
/// PNG files made at test time (no binaries in the repository): a small valid image, and a decompression bomb whose
/// header declares far more pixels than any worker should allocate.
/// </summary>
internal static class PngFiles
{
    /// <summary>An RGBA image of the given size whose pixels follow from their position.</summary>
    public static byte[] Valid(int width, int height)
    {
        var raw = new byte[height * (1 + width * 4)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 4);
            raw[row] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                var p = row + 1 + x * 4;
                (raw[p], raw[p + 1], raw[p + 2], raw[p + 3]) = ((byte)(x * 40), (byte)(y * 40), 128, 255);
            }
        }

        return Png(width, height, raw);
    }

    /// <summary>
    /// A few KB that declare <paramref name="width"/> × <paramref name="height"/> RGBA pixels (50,000 × 50,000 is
    /// 10 GB as a bitmap), with a zlib stream of <paramref name="zeroBytes"/> zeros: small on disk, huge inflated.
    /// </summary>
    public static byte[] Bomb(int width, int height, int zeroBytes) => Png(width, height, new byte[zeroBytes]);

    private static byte[] Png(int width, int height, byte[] raw)
    {
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 6; // RGBA
        Chunk(file, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            Chunk(file, "IDAT", compressed.ToArray());
        }

        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        file.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        file.Write(number);
    }

    // The PNG chunk checksum (ISO 3309 CRC-32); libpng refuses a critical chunk whose checksum is wrong.
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
