namespace Charm.Packaging.Tests;

/// <summary>
/// One build of the samples for every test that needs it: the classes share this collection so that
/// samples/build-charms.sh runs once, never twice at the same time over the same obj/ directories.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BuiltSamplesCollection : ICollectionFixture<BuiltSamples>
{
    public const string Name = "built samples";
}
