using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Tests.Qdrant.Client;

public sealed class CollectionNameTests
{
    [Theory]
    [InlineData("docs")]
    [InlineData("my-collection_v2.1")]
    [InlineData("a")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData("with space")]
    [InlineData("日本語のコレクション")]
    [InlineData("emoji-🙂")]
    [InlineData("%2E%2E")]
    public void Validate_AcceptsNamesQdrantAccepts(string name) => Assert.Equal(name, CollectionName.Validate(name));

    [Fact]
    public void Validate_Accepts255CharactersAndRejects256()
    {
        var longest = new string('c', 255);
        Assert.Equal(longest, CollectionName.Validate(longest));
        AssertInvalid(longest + "c");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData("/docs")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("docs\r")]
    [InlineData("a\u001bb")]
    [InlineData("a\u0085b")]
    public void Validate_RejectsNamesThatCouldBreakAUrlOrAStoreKey(string name) => AssertInvalid(name);

    [Fact]
    public void Validate_RejectsNull() => AssertInvalid(null!);

    private static void AssertInvalid(string name)
    {
        var error = Assert.Throws<DrException>(() => CollectionName.Validate(name));
        Assert.Equal(ErrorIds.QdrantCollectionNameInvalid, error.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, error.Category);
        Assert.Equal(name, error.Target);
        Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
    }
}
