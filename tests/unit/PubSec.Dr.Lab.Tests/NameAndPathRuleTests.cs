using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Snapshots;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Rules HTTP clients cannot exercise because they normalise ".." out of URLs before sending.</summary>
public sealed class NameAndPathRuleTests
{
    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Collection_names_that_would_escape_the_storage_folder_are_refused(string name)
    {
        var error = Assert.Throws<QdrantException>(() => CollectionNameRules.Validate(name));

        Assert.Equal(422, error.HttpStatus);
    }

    [Fact]
    public void Legacy_names_with_characters_only_creation_forbids_stay_reachable()
    {
        CollectionNameRules.Validate("old:name*");

        Assert.Throws<QdrantException>(() => CollectionNameRules.ValidateForCreate("old:name*", "path parameters"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../cluster.json")]
    [InlineData("sub\\..\\x")]
    public void Snapshot_names_are_resolved_only_inside_their_folder(string name)
    {
        var directory = Directory.CreateTempSubdirectory("lab-catalog-").FullName;
        try
        {
            var error = Assert.Throws<QdrantException>(() => SnapshotCatalog.Resolve(Path.Combine(directory, "c"), name));

            Assert.Equal($"Not found: Snapshot {name} not found", error.Message);
            Assert.Equal(404, error.HttpStatus);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
