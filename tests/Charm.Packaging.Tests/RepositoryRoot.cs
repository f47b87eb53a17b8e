namespace Charm.Packaging.Tests;

internal static class RepositoryRoot
{
    /// <summary>The directory holding the solution, found by walking up from the test assembly.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Charm.TokenDistributor.Generators.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (the directory with Charm.TokenDistributor.Generators.sln) is not above " + AppContext.BaseDirectory);
    }
}
