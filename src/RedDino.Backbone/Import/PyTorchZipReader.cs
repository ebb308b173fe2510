using System.Collections;
using System.IO.Compression;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace RedDino.Backbone.Import;

/// <summary>Reads the top-level object of a PyTorch zip file (<c>torch.save</c> from PyTorch 1.6 on): the
/// pickle <c>data.pkl</c> (Razorvine.Pickle) whose tensors point to raw storages under <c>data/</c>. Each
/// tensor is rebuilt as <c>torch._utils._rebuild_tensor_v2</c> does: a view of its storage at its offset
/// with its strides (torch.save keeps a view's storage, so transposed, sliced and storage-sharing tensors
/// are common), copied to a contiguous tensor. Every offset and stride is checked against the storage.</summary>
/// <remarks>Razorvine.Pickle keeps its constructors in one process-wide table, which TorchSharp.PyBridge's
/// unpickler also fills; the table is set, under a lock, before every read here.</remarks>
internal static class PyTorchZipReader
{
    private static readonly object Gate = new();

    /// <summary>Dicts come back as <see cref="Hashtable"/>s, tensors as float or other dtypes as stored.</summary>
    /// <exception cref="InvalidDataException">Anything in the file that cannot be read (names the file).</exception>
    public static object Read(string path)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal))
                ?? throw new InvalidDataException($"{path}: not a readable PyTorch checkpoint (no data.pkl in the zip: not a torch.save file)");
            var folder = pickle.FullName[..^"data.pkl".Length];
            var storages = new StorageReader(path, archive, folder);
            try
            {
                lock (Gate)
                {
                    Register();
                    using var unpickler = new TorchUnpickler(storages);
                    using var stream = pickle.Open();
                    return unpickler.load(stream);
                }
            }
            finally
            {
                storages.Dispose();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // The zip reader's own InvalidDataException ("End of Central Directory record could not be found") included.
            throw new InvalidDataException($"{path}: not a readable PyTorch checkpoint ({e.GetType().Name}: {e.Message.Split('\n')[0]})", e);
        }
    }

    private static void Register()
    {
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new RebuildTensor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new RebuildTensor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new RebuildParameter());
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter_with_state", new RebuildParameter());
        Unpickler.registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
    }

    /// <summary>A storage named by a persistent id: its elements as a flat 1-D tensor of its dtype.</summary>
    private sealed record Storage(Tensor Flat);

    private sealed class TorchUnpickler(StorageReader storages) : Unpickler
    {
        // pid = ("storage", storage type, key, location, element count)
        protected override object persistentLoad(object pid)
        {
            if (pid is not object[] { Length: >= 5 } tuple || tuple[0] as string != "storage" || tuple[1] is not ClassDictConstructor type)
                throw new InvalidDataException($"{storages.Path}: unknown persistent id in data.pkl");
            return storages.Get(Convert.ToString(tuple[2])!, type.name, Convert.ToInt64(tuple[4]));
        }
    }

    private sealed class StorageReader(string path, ZipArchive archive, string folder) : IDisposable
    {
        private readonly Dictionary<string, Storage> _loaded = new(StringComparer.Ordinal);

        public string Path => path;

        // Tensors that share a storage share one read of it (torch.load's cache, keyed the same way).
        public Storage Get(string key, string typeName, long count)
        {
            if (_loaded.TryGetValue(key, out var known)) return known;
            var dtype = DTypeOf(typeName);
            var elementSize = (long)empty(0, dtype).ElementSize;
            var entry = archive.GetEntry($"{folder}data/{key}")
                ?? throw new InvalidDataException($"{path}: storage '{key}' is missing from the zip");
            var bytes = count * elementSize;
            if (count < 0 || bytes > entry.Length || bytes > Array.MaxLength)
                throw new InvalidDataException($"{path}: storage '{key}' claims {count} elements of {typeName} but holds {entry.Length} bytes");
            var data = new byte[bytes];
            using (var stream = entry.Open())
                stream.ReadExactly(data);
            var flat = empty(count, dtype);
            flat.bytes = data;
            var storage = new Storage(flat);
            _loaded[key] = storage;
            return storage;
        }

        private ScalarType DTypeOf(string typeName) => typeName switch
        {
            "DoubleStorage" => ScalarType.Float64,
            "FloatStorage" => ScalarType.Float32,
            "HalfStorage" => ScalarType.Float16,
            "BFloat16Storage" => ScalarType.BFloat16,
            "LongStorage" => ScalarType.Int64,
            "IntStorage" => ScalarType.Int32,
            "ShortStorage" => ScalarType.Int16,
            "CharStorage" => ScalarType.Int8,
            "ByteStorage" => ScalarType.Byte,
            "BoolStorage" => ScalarType.Bool,
            _ => throw new InvalidDataException($"{path}: storage type '{typeName}' is not supported"),
        };

        public void Dispose()
        {
            foreach (var storage in _loaded.Values) storage.Flat.Dispose();
        }
    }

    /// <summary>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, ...).</summary>
    private sealed class RebuildTensor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length < 4 || args[0] is not Storage storage || args[2] is not object[] sizeArgs || args[3] is not object[] strideArgs)
                throw new InvalidDataException("a tensor in data.pkl has an unexpected form");
            var offset = Convert.ToInt64(args[1]);
            var shape = sizeArgs.Select(Convert.ToInt64).ToArray();
            var strides = strideArgs.Select(Convert.ToInt64).ToArray();
            CheckBounds(offset, shape, strides, storage.Flat.shape[0]);
            // [storage] -> view(shape, strides, offset) -> contiguous copy (a no-op when the view already is one)
            using var view = storage.Flat.as_strided(shape, strides, offset);
            return view.contiguous();
        }

        private static void CheckBounds(long offset, long[] shape, long[] strides, long storageLength)
        {
            if (shape.Length != strides.Length || offset < 0 || shape.Any(s => s < 0) || strides.Any(s => s < 0))
                throw new InvalidDataException($"a tensor's shape [{string.Join(", ", shape)}] and strides [{string.Join(", ", strides)}] do not fit together");
            if (shape.Any(s => s == 0)) return;
            var last = offset;
            for (var i = 0; i < shape.Length; i++)
                last = checked(last + (shape[i] - 1) * strides[i]);
            if (last >= storageLength)
                throw new InvalidDataException($"a tensor [{string.Join(", ", shape)}] with strides [{string.Join(", ", strides)}] at offset {offset} reaches past its storage of {storageLength} elements");
        }
    }

    /// <summary>_rebuild_parameter(data, requires_grad, backward_hooks): the tensor itself.</summary>
    private sealed class RebuildParameter : IObjectConstructor
    {
        public object construct(object[] args) => args.Length > 0 && args[0] is Tensor t ? t
            : throw new InvalidDataException("a parameter in data.pkl holds no tensor");
    }

    /// <summary>collections.OrderedDict: a Hashtable; its pickled state (the state dict's _metadata) is not needed.</summary>
    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new OrderedDict();
    }

    private sealed class OrderedDict : Hashtable
    {
        public void __setstate__(Hashtable state) { }
    }
}
