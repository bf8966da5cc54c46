using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AsyncAi.Reliability.WorkerHost;

/// <summary>
/// The bytes a checksum job writes: a xorshift stream seeded from the SHA-256 of the job id, so that the suite can
/// regenerate every output and compare it byte for byte, and no two jobs write the same bytes.
/// </summary>
internal static class OutputContent
{
    public static byte[] For(string jobId, int length)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(jobId));
        var state = BinaryPrimitives.ReadUInt64LittleEndian(seed) | 1;
        var bytes = new byte[length];
        Span<byte> word = stackalloc byte[8];
        for (var i = 0; i < length; i += 8)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            BinaryPrimitives.WriteUInt64LittleEndian(word, state);
            word[..Math.Min(8, length - i)].CopyTo(bytes.AsSpan(i));
        }

        return bytes;
    }
}
