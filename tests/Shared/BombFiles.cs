using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace RedDino.Tests.Shared;

/// <summary>Image files of a few hundred bytes whose headers claim a huge size (decompression bombs), one per
/// format the decoders read, written by hand so that no big file is needed. Each is otherwise well formed as
/// far as its header goes (correct PNG CRCs, a real JPEG with patched SOF dimensions).</summary>
internal static class BombFiles
{
    /// <summary>Format name, file extension, bytes, declared width and height.</summary>
    public static IEnumerable<(string Format, string Extension, byte[] Bytes, long Width, long Height)> All()
    {
        yield return ("PNG", ".png", Png(60000, 60000), 60000, 60000);
        yield return ("JPEG", ".jpg", Jpeg(46341, 46341), 46341, 46341);
        yield return ("GIF", ".gif", Gif(65535, 65535), 65535, 65535);
        yield return ("BMP", ".bmp", Bmp(60000, 60000), 60000, 60000);
        yield return ("WebP", ".webp", WebPLossless(16384, 16384), 16384, 16384);
        yield return ("TIFF", ".tif", Tiff(100000, 100000), 100000, 100000);
    }

    /// <summary>Signature, IHDR (8-bit RGB) with its CRC, a tiny IDAT, IEND.</summary>
    public static byte[] Png(int width, int height)
    {
        var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(output, "IHDR", ihdr);
        Chunk(output, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]); // zlib of one 0 byte
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        output.Write(word);
    }

    // PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) over the chunk type and data.
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>An 8x8 JPEG (SkiaSharp's encoder) with the SOF0 frame size patched.</summary>
    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(8, 8);
        bitmap.Erase(new SKColor(200, 60, 30));
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var bytes = encoded.ToArray();
        for (var i = 0; i + 9 < bytes.Length; i++)
            if (bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC2)
            {
                // FF C0, length (2), precision (1), height (2), width (2)
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 7), (ushort)width);
                return bytes;
            }
        throw new InvalidOperationException("no SOF marker in the encoded JPEG");
    }

    /// <summary>GIF89a with a 2-colour table and one image of the claimed size (LZW data for one pixel).</summary>
    public static byte[] Gif(int width, int height)
    {
        var output = new MemoryStream();
        output.Write("GIF89a"u8);
        WriteUInt16(output, width);
        WriteUInt16(output, height);
        output.Write([0x80, 0, 0]);             // global colour table of 2 entries
        output.Write([0, 0, 0, 255, 255, 255]);
        output.WriteByte(0x2C);                 // image descriptor
        WriteUInt16(output, 0);
        WriteUInt16(output, 0);
        WriteUInt16(output, width);
        WriteUInt16(output, height);
        output.WriteByte(0);
        output.Write([2, 2, 0x44, 0x01, 0]);    // min code size 2; clear, 0, end-of-information
        output.WriteByte(0x3B);
        return output.ToArray();
    }

    private static void WriteUInt16(Stream output, int value)
    {
        Span<byte> two = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(two, (ushort)value);
        output.Write(two);
    }

    /// <summary>BITMAPFILEHEADER + BITMAPINFOHEADER (24-bit, uncompressed) and a few bytes of pixels.</summary>
    public static byte[] Bmp(int width, int height)
    {
        var bytes = new byte[14 + 40 + 16];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);  // planes
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24); // bits per pixel
        return bytes;
    }

    /// <summary>RIFF/WEBP with a VP8L (lossless) chunk: signature 0x2F, then 14-bit width-1 and height-1.</summary>
    public static byte[] WebPLossless(int width, int height)
    {
        var payload = new byte[5 + 9]; // an even chunk size: RIFF pads odd chunks
        payload[0] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(1), (uint)(width - 1) | (uint)(height - 1) << 14);
        var bytes = new byte[12 + 8 + payload.Length];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        "WEBPVP8L"u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), payload.Length);
        payload.CopyTo(bytes.AsSpan(20));
        return bytes;
    }

    /// <summary>Little-endian TIFF, one IFD: 8-bit grey, one uncompressed strip of 16 bytes.</summary>
    public static byte[] Tiff(int width, int height)
    {
        (ushort Tag, ushort Type, int Value)[] entries =
        [
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 8 + 2 + 9 * 12 + 4), (277, 3, 1), (278, 4, height), (279, 4, 16),
        ];
        var bytes = new byte[8 + 2 + entries.Length * 12 + 4 + 16];
        "II"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = 10 + i * 12;
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), 1);
            if (entries[i].Type == 3)
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 8), (ushort)entries[i].Value);
            else
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 8), entries[i].Value);
        }
        return bytes;
    }
}
