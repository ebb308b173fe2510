using System.Buffers.Binary;
using System.Text;

namespace RedDino.Cli.Tests.Architecture;

/// <summary>One symbol-version requirement of a shared library (.gnu.version_r): it needs
/// <paramref name="Version"/> of <paramref name="File"/>; a weak one does not stop loading.</summary>
internal sealed record ElfVersionNeed(string File, string Version, bool Weak);

/// <summary>What the dynamic loader reads from a 64-bit little-endian ELF shared library before
/// loading it: its soname (DT_SONAME), the libraries it needs (DT_NEEDED) and the symbol versions
/// it needs from them (DT_VERNEED). Read through the program headers, as the loader does: the
/// PT_DYNAMIC segment's entries, with addresses mapped to file offsets by the PT_LOAD segments.
/// Only the headers and those tables are read, so a 400 MB library costs a few kB.</summary>
internal sealed record ElfDynamicInfo(ushort Machine, string? Soname, IReadOnlyList<string> Needed, IReadOnlyList<ElfVersionNeed> VersionNeeds)
{
    public const ushort MachineX86_64 = 62;

    private const uint PtLoad = 1, PtDynamic = 2;
    private const long DtNull = 0, DtNeeded = 1, DtStrtab = 5, DtSoname = 14, DtVerneed = 0x6ffffffe, DtVerneedNum = 0x6fffffff;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Reads <paramref name="path"/>; a file that is not a 64-bit little-endian ELF with a
    /// dynamic section is an <see cref="InvalidDataException"/> naming it.</summary>
    public static ElfDynamicInfo Read(string path)
    {
        using var file = File.OpenRead(path);
        try
        {
            return Read(file);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static ElfDynamicInfo Read(Stream file)
    {
        var header = ReadAt(file, 0, 64);
        if (header[0] != 0x7F || header[1] != 'E' || header[2] != 'L' || header[3] != 'F')
            throw new InvalidDataException("not an ELF file");
        if (header[4] != 2 || header[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        var machine = U16(header, 18);
        var phoff = (long)U64(header, 32);
        int phentsize = U16(header, 54), phnum = U16(header, 56);

        // Program headers: the loadable segments (address -> file offset) and the dynamic segment.
        var loads = new List<(ulong Vaddr, ulong Offset, ulong Size)>();
        (long Offset, long Size)? dynamic = null;
        var table = ReadAt(file, phoff, phentsize * phnum);
        for (var i = 0; i < phnum; i++)
        {
            var p = table.AsSpan(i * phentsize, phentsize);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(p);
            if (type == PtLoad)
                loads.Add((U64(p, 16), U64(p, 8), U64(p, 32)));
            else if (type == PtDynamic)
                dynamic = ((long)U64(p, 8), (long)U64(p, 32));
        }
        if (dynamic is null)
            throw new InvalidDataException("no dynamic segment (not a shared library)");

        var entries = ReadAt(file, dynamic.Value.Offset, (int)dynamic.Value.Size);
        var needed = new List<ulong>();
        ulong? soname = null, strtab = null, verneed = null;
        ulong verneedCount = 0;
        for (var at = 0; at + 16 <= entries.Length; at += 16)
        {
            var tag = (long)U64(entries, at);
            var value = U64(entries, at + 8);
            if (tag == DtNull) break;
            switch (tag)
            {
                case DtNeeded: needed.Add(value); break;
                case DtSoname: soname = value; break;
                case DtStrtab: strtab = value; break;
                case DtVerneed: verneed = value; break;
                case DtVerneedNum: verneedCount = value; break;
            }
        }
        if (strtab is null)
            throw new InvalidDataException("dynamic segment without a string table");
        var strings = ToOffset(loads, strtab.Value);
        string Name(ulong index) => ReadString(file, strings + (long)index);

        var needs = new List<ElfVersionNeed>();
        if (verneed is { } start)
        {
            // Elf64_Verneed {u16 version, u16 count, u32 file, u32 aux, u32 next} -> Elf64_Vernaux {u32 hash, u16 flags, u16 other, u32 name, u32 next}.
            var entry = ToOffset(loads, start);
            for (ulong n = 0; n < verneedCount; n++)
            {
                var vn = ReadAt(file, entry, 16);
                var fileName = Name(BinaryPrimitives.ReadUInt32LittleEndian(vn.AsSpan(4)));
                var aux = entry + BinaryPrimitives.ReadUInt32LittleEndian(vn.AsSpan(8));
                for (var k = 0; k < U16(vn, 2); k++)
                {
                    var va = ReadAt(file, aux, 16);
                    var flags = U16(va, 4);
                    needs.Add(new ElfVersionNeed(fileName, Name(BinaryPrimitives.ReadUInt32LittleEndian(va.AsSpan(8))), (flags & VerFlagWeak) != 0));
                    aux += BinaryPrimitives.ReadUInt32LittleEndian(va.AsSpan(12));
                }
                var next = BinaryPrimitives.ReadUInt32LittleEndian(vn.AsSpan(12));
                if (next == 0) break;
                entry += next;
            }
        }
        return new ElfDynamicInfo(machine, soname is { } s ? Name(s) : null, needed.Select(Name).ToList(), needs);
    }

    private static long ToOffset(List<(ulong Vaddr, ulong Offset, ulong Size)> loads, ulong address)
    {
        foreach (var (vaddr, offset, size) in loads)
            if (address >= vaddr && address < vaddr + size)
                return (long)(address - vaddr + offset);
        throw new InvalidDataException($"address 0x{address:x} is in no loadable segment");
    }

    private static byte[] ReadAt(Stream file, long offset, int count)
    {
        if (offset < 0 || count < 0 || offset + count > file.Length)
            throw new InvalidDataException($"{count} bytes at {offset} lie past the end of the file");
        var buffer = new byte[count];
        file.Position = offset;
        file.ReadExactly(buffer);
        return buffer;
    }

    private static string ReadString(Stream file, long offset)
    {
        var bytes = new List<byte>();
        file.Position = offset;
        int b;
        while ((b = file.ReadByte()) > 0) bytes.Add((byte)b);
        if (b < 0) throw new InvalidDataException($"unterminated string at {offset}");
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static ulong U64(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
}
