namespace Charm.Framework.State;

/// <summary>
/// Keeps the unit's state in a file in the charm directory (by default <c>.unit-state.json</c>). Saves are atomic:
/// the new state is written to a temporary file beside it, flushed to disk, then renamed over the old one. A file
/// that cannot be read is never reset: loading fails with <see cref="StateFileException"/> and the file stays.
/// </summary>
public sealed class FileStateStore : IStateStore
{
    /// <summary>The default file name, in the charm directory.</summary>
    public const string DefaultFileName = ".unit-state.json";

    /// <summary>Creates a store for <paramref name="path"/>.</summary>
    public FileStateStore(string path) => Path = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>The state file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public StateSnapshot Load()
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(Path))
            {
                return StateSnapshot.Empty;
            }

            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(Path, $"Cannot read the unit state file {Path}: {e.Message}. Fix its permissions; the file was left as it is.", e);
        }

        try
        {
            return StateCodec.Deserialize(bytes);
        }
        catch (FormatException e)
        {
            throw new StateFileException(
                Path,
                $"The unit state file {Path} is corrupt: {e.Message}. It was left as it is; move it aside to start this unit with empty state (its stored state and deferred events are then lost).",
                e);
        }
    }

    /// <inheritdoc />
    public void Save(StateSnapshot snapshot)
    {
        var bytes = StateCodec.Serialize(snapshot);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new StateFileException(Path, $"Cannot save the unit state to {Path}: {e.Message}. The previous state was kept.", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temporary file is harmless; the next save overwrites it.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
