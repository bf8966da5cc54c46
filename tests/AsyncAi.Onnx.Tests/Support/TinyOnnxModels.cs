using System.Text;

namespace AsyncAi.Onnx.Tests;

/// <summary>
/// Writes tiny ONNX models (a few hundred bytes) by encoding the protobuf by hand, so the batching tests need no
/// Python, no download and no committed binary: <c>y = x * 2 + 1</c> on a float input <c>x</c> of shape
/// <c>[N, D]</c>, with N and D dynamic or fixed.
/// </summary>
internal static class TinyOnnxModels
{
    /// <summary>y = x * 2 + 1 with input x [batch, width]; null dimensions are dynamic.</summary>
    public static byte[] Affine(long? batch, long? width)
    {
        var graph = new ProtoWriter()
            .Message(1, Node("Mul", ["x", "two"], ["t"], "mul"))
            .Message(1, Node("Add", ["t", "one"], ["y"], "add"))
            .String(2, "affine")
            .Message(5, ScalarInitializer("two", 2f))
            .Message(5, ScalarInitializer("one", 1f))
            .Message(11, ValueInfo("x", batch, width))
            .Message(12, ValueInfo("y", batch, width));
        return new ProtoWriter()
            .Varint(1, 8) // ir_version
            .String(2, "asyncai-tests") // producer_name
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, string.Empty).Varint(2, 13)) // opset_import: ai.onnx 13
            .ToArray();
    }

    public static string WriteAffine(string directory, long? batch, long? width)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"affine-{batch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "N"}x{width?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "D"}.onnx");
        File.WriteAllBytes(path, Affine(batch, width));
        return path;
    }

    private static ProtoWriter Node(string opType, string[] inputs, string[] outputs, string name)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        return node.String(3, name).String(4, opType);
    }

    private static ProtoWriter ScalarInitializer(string name, float value)
        => new ProtoWriter()
            .Varint(2, 1) // data_type FLOAT, no dims: a scalar
            .Bytes(4, BitConverter.GetBytes(value)) // float_data, packed
            .String(8, name);

    private static ProtoWriter ValueInfo(string name, long? batch, long? width)
    {
        var shape = new ProtoWriter()
            .Message(1, Dimension(batch, "N"))
            .Message(1, Dimension(width, "D"));
        var tensorType = new ProtoWriter().Varint(1, 1).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }

    private static ProtoWriter Dimension(long? value, string parameter)
        => value is { } fixedValue ? new ProtoWriter().Varint(1, (ulong)fixedValue) : new ProtoWriter().String(2, parameter);

    private sealed class ProtoWriter
    {
        private readonly List<byte> _buffer = [];

        public ProtoWriter Varint(int field, ulong value)
        {
            WriteVarint(((ulong)field << 3) | 0);
            WriteVarint(value);
            return this;
        }

        public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

        public ProtoWriter Bytes(int field, byte[] value)
        {
            WriteVarint(((ulong)field << 3) | 2);
            WriteVarint((ulong)value.Length);
            _buffer.AddRange(value);
            return this;
        }

        public byte[] ToArray() => [.. _buffer];

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.Add((byte)(value | 0x80));
                value >>= 7;
            }

            _buffer.Add((byte)value);
        }
    }
}
