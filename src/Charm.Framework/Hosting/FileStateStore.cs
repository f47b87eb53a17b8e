using System.Globalization;
using Charm.Framework.Native;
using Charm.Framework.State;

namespace Charm.Framework.Hosting;

/// <summary>
/// Keeps the unit's state in a file in the charm directory (by default <c>.unit-state.json</c>), plus a last-good copy
/// of it (<c>.unit-state.json.bak</c>).
/// </summary>
/// <remarks>
/// <para>
/// Saves are atomic and never half-commit (see <see cref="Save"/>): the new state and its copy are both written in full to
/// temporary files (exclusive, random names, mode 0600, flushed to disk) before the copy and then the state file are
/// renamed into place and the directory is flushed. A failure leaves the old state file complete; a crash between the two
/// renames leaves the copy one save ahead of the state file, which is used only if the state file is corrupt.
/// State files and kept-aside copies are readable by the unit's user only (0600): they may hold join tokens.
/// At most <see cref="MaxCorruptCopies"/> corrupt files are kept aside, and temporary files a killed save left are removed
/// by the next save.
/// </para>
/// <para>
/// Loading: no state file (<see cref="FileNotFoundException"/> or <see cref="DirectoryNotFoundException"/>) is empty
/// state, whatever the copy holds. A state file that is corrupt while its copy is good is recovered, without losing
/// data: the corrupt file is kept as <c>&lt;state file&gt;.corrupt-&lt;UTC time&gt;</c>, the state file is restored from
/// the copy (atomically, so a failing hook afterwards still finds it), and the recovery is reported as a warning. A state
/// file that cannot be read (a directory, no permission), or that is corrupt while its copy is missing or bad too, is a
/// <see cref="StateFileException"/>, and every file is left as it was: the state is never silently reset.
/// </para>
/// </remarks>
public sealed class FileStateStore : IStateStore
{
    /// <summary>The default file name, in the charm directory.</summary>
    public const string DefaultFileName = ".unit-state.json";

    /// <summary>What is appended to the state file's name to name its last-good copy.</summary>
    public const string LastGoodSuffix = ".bak";

    /// <summary>What is appended to the state file's name (then a UTC time) to name a corrupt state file kept aside.</summary>
    public const string CorruptSuffix = ".corrupt-";

    /// <summary>Creates a store for <paramref name="path"/>; its last-good copy is <paramref name="path"/> + <see cref="LastGoodSuffix"/>.</summary>
    public FileStateStore(string path)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        LastGoodPath = path + LastGoodSuffix;
    }

    /// <summary>The state file.</summary>
    public string Path { get; }

    /// <summary>The last-good copy of the state file, written after each successful save.</summary>
    public string LastGoodPath { get; }

    /// <summary>
    /// The saved state, as <see cref="Load(Action{string})"/> reads it (recovering a corrupt state file from its
    /// last-good copy), without reporting a recovery: the hook dispatcher uses the other overload, which does.
    /// </summary>
    /// <exception cref="StateFileException">The state file cannot be read, or it is corrupt and cannot be recovered; every file is left as it was.</exception>
    public StateSnapshot Load() => Load(static _ => { });

    /// <summary>
    /// The saved state; <see cref="StateSnapshot.Empty"/> when there is no state file. A corrupt state file with a good
    /// last-good copy is kept aside and replaced by the copy, and <paramref name="warn"/> gets one sentence saying so and
    /// where the corrupt file is.
    /// </summary>
    /// <exception cref="StateFileException">The state file cannot be read, or it is corrupt and cannot be recovered; every file is left as it was.</exception>
    public StateSnapshot Load(Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        var bytes = Read(Path);
        if (bytes is null)
        {
            return StateSnapshot.Empty;
        }

        try
        {
            return StateCodec.Deserialize(bytes);
        }
        catch (FormatException corrupt)
        {
            return Recover(bytes, corrupt, warn);
        }
    }

    /// <summary>How many <see cref="CorruptSuffix"/> copies are kept beside the state file: 5, the oldest removed first.</summary>
    public const int MaxCorruptCopies = 5;

    /// <inheritdoc />
    /// <remarks>
    /// The order makes every failure leave the old state complete: both new files are written in full (temporary files,
    /// created exclusively under random names, mode 0600, flushed to disk) before anything is renamed; the last-good copy
    /// is renamed into place first and the state file last, which is the commit; the directory is then flushed, so the
    /// renames survive a power cut. If the state file's rename fails, the new copy is removed again (it must never be
    /// restored over the older state file).
    /// </remarks>
    public void Save(StateSnapshot snapshot)
    {
        var bytes = StateCodec.Serialize(snapshot);
        string? stateTemp = null;
        string? copyTemp = null;
        try
        {
            stateTemp = WriteTemporary(Path, bytes);
            copyTemp = WriteTemporary(LastGoodPath, bytes);
            File.Move(copyTemp, LastGoodPath, overwrite: true);
            copyTemp = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(stateTemp);
            TryDelete(copyTemp);
            throw new StateFileException(Path, $"Cannot save the unit state to {Path}: {e.Message}. The previous state was kept; free disk space or fix the directory's permissions, and the hook's retry saves it.", e);
        }

        try
        {
            File.Move(stateTemp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(stateTemp);
            var removed = TryDelete(LastGoodPath);
            throw new StateFileException(
                Path,
                $"Cannot save the unit state to {Path}: {e.Message}. The previous state was kept"
                + (removed ? "" : $", but its last-good copy {LastGoodPath} already holds the unsaved state and could not be removed: delete it")
                + "; fix the directory's permissions, and the hook's retry saves it.",
                e);
        }

        RemoveStaleTemporaries();
        try
        {
            Libc.SyncDirectory(DirectoryOf(Path));
        }
        catch (IOException e)
        {
            throw new StateFileException(Path, $"The unit state was saved to {Path}, but its directory could not be flushed to disk: {e.Message}. A power cut now could undo the save; check the file system.", e);
        }
    }

    /// <summary>The file's bytes, or <see langword="null"/> when it (or its directory) does not exist.</summary>
    private static byte[]? Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var what = Directory.Exists(path)
                ? $"{path} is a directory, not a file. Move it aside (a unit's state is never a directory); it was left as it is."
                : $"Cannot read the unit state file {path}: {e.Message}. Fix the permissions of the file and its directories; it was left as it is.";
            throw new StateFileException(path, what, e);
        }
    }

    private StateSnapshot Recover(byte[] corruptBytes, FormatException corrupt, Action<string> warn)
    {
        string copyProblem;
        StateSnapshot? recovered = null;
        byte[]? copy = null;
        try
        {
            copy = Read(LastGoodPath);
            if (copy is null)
            {
                copyProblem = $"there is no last-good copy ({LastGoodPath})";
            }
            else
            {
                recovered = StateCodec.Deserialize(copy);
                copyProblem = "";
            }
        }
        catch (StateFileException e)
        {
            copyProblem = $"its last-good copy cannot be read either ({e.Message})";
        }
        catch (FormatException e)
        {
            copyProblem = $"its last-good copy {LastGoodPath} is corrupt too ({e.Message})";
        }

        if (recovered is null || copy is null)
        {
            throw new StateFileException(
                Path,
                $"The unit state file {Path} is corrupt ({corrupt.Message}), and {copyProblem}. Both were left as they are. "
                + $"Put a good state file back, or move {Path} and {LastGoodPath} aside to start this unit with empty state (its stored state and deferred events are then lost).",
                corrupt);
        }

        string aside;
        try
        {
            aside = KeepAside(corruptBytes);
            var temp = WriteTemporary(Path, copy);
            File.Move(temp, Path, overwrite: true);
            Libc.SyncDirectory(DirectoryOf(Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(
                Path,
                $"The unit state file {Path} is corrupt ({corrupt.Message}); its last-good copy {LastGoodPath} is good, but the corrupt file could not be kept aside and replaced by it: {e.Message}. "
                + $"Fix the charm directory's permissions or free disk space, and the next hook recovers; or copy {LastGoodPath} over {Path} yourself.",
                e);
        }

        warn($"The unit state file {Path} was corrupt ({corrupt.Message}). It was kept as {aside}, and the state was restored from its last-good copy {LastGoodPath}, "
            + "written by the last hook that saved state. Nothing stored was lost unless that hook crashed between the two saves; delete the kept file once you have looked at it.");
        return recovered;
    }

    /// <summary>Writes the corrupt bytes to a new <c>&lt;state file&gt;.corrupt-&lt;UTC time&gt;</c> (never over another) and returns its path.</summary>
    private string KeepAside(byte[] bytes)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var candidate = Path + CorruptSuffix + stamp + (attempt == 1 ? "" : "-" + attempt.ToString(CultureInfo.InvariantCulture));
            try
            {
                using (var stream = CreateExclusive(candidate))
                {
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                }

                PruneCorruptCopies();
                return candidate;
            }
            catch (IOException) when (File.Exists(candidate) && attempt < 100)
            {
                // Another corrupt file was kept in the same millisecond; try the next name.
            }
        }
    }

    /// <summary>
    /// Removes temporary files an earlier save left when it was killed before its renames (hooks of a unit never run at
    /// the same time, so none is in use): without this, every crash mid-save would leave one more.
    /// </summary>
    private void RemoveStaleTemporaries()
    {
        try
        {
            foreach (var stale in Directory.EnumerateFiles(DirectoryOf(Path), "." + System.IO.Path.GetFileName(Path) + ".*.tmp"))
            {
                TryDelete(stale);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Harmless leftovers; the next save tries again.
        }
    }

    /// <summary>Removes the oldest <see cref="CorruptSuffix"/> copies beyond <see cref="MaxCorruptCopies"/> (their names sort by time).</summary>
    private void PruneCorruptCopies()
    {
        var prefix = System.IO.Path.GetFileName(Path) + CorruptSuffix;
        string[] copies;
        try
        {
            copies = [.. Directory.EnumerateFiles(DirectoryOf(Path), prefix + "*").Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var old in copies.Take(Math.Max(0, copies.Length - MaxCorruptCopies)))
        {
            TryDelete(old);
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to a new temporary file beside <paramref name="target"/> (a random name, created
    /// exclusively, mode 0600) and flushes it to disk; returns its path.
    /// </summary>
    private static string WriteTemporary(string target, byte[] bytes)
    {
        var directory = DirectoryOf(target);
        // Guid.NewGuid, not RandomNumberGenerator: both read the kernel's random source, but on Linux the latter loads and
        // initialises OpenSSL first, several milliseconds of CPU in a hook's short-lived process. O_EXCL, not the name,
        // is what keeps the file new.
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(target)}.{Guid.NewGuid().ToString("N")[..16]}.tmp");
        var stream = CreateExclusive(temp);
        try
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            return temp;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A new file, never an existing one or a link (O_CREAT|O_EXCL), readable and writable by this user only.</summary>
    private static FileStream CreateExclusive(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    private static string DirectoryOf(string path) => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;

    private static bool TryDelete(string? path)
    {
        if (path is null)
        {
            return true;
        }

        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            // The temporary file is harmless; the next save overwrites it.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
            return false;
        }
    }
}
