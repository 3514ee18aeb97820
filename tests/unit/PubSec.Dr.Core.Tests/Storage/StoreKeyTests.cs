using System.Text;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Tests.Storage;

public sealed class StoreKeyTests
{
    [Theory]
    [InlineData("manifest.json")]
    [InlineData("qdrant/docs/20260301T101542Z-abc123/manifest.json")]
    [InlineData("qdrant/docs/20260301T101542Z-abc123/node0-5503872196711430.snapshot")]
    [InlineData("a/.hidden/b")]
    [InlineData("a/...")]
    [InlineData("a/..b/c")]
    [InlineData("a/b../c")]
    [InlineData("qdrant/%2E%2E/x")]
    [InlineData("日本語/ключ/é")]
    public void Validate_AcceptsRelativeKeysAndReturnsThemUnchanged(string key) =>
        Assert.Equal(key, StoreKey.Validate(key));

    [Theory]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/../b")]
    [InlineData("a/..")]
    [InlineData(".")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("a/.")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("/a")]
    [InlineData("/")]
    [InlineData("a\\b")]
    [InlineData("..\\x")]
    [InlineData("\\\\server\\share")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\tb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData("")]
    public void Validate_RejectsKeysThatCouldLeaveTheStore(string key)
    {
        var error = Assert.Throws<DrException>(() => StoreKey.Validate(key));
        Assert.Equal(ErrorIds.StoreKeyInvalid, error.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, error.Category);
        Assert.Equal(key, error.Target);
    }

    [Fact]
    public void Validate_RejectsNull()
    {
        var error = Assert.Throws<DrException>(() => StoreKey.Validate(null!));
        Assert.Equal(ErrorIds.StoreKeyInvalid, error.ErrorId);
    }

    [Fact]
    public void Validate_AcceptsExactly1024CharactersAndRejects1025()
    {
        var longest = string.Join('/', Enumerable.Repeat(new string('k', 127), 8)) + "x";
        Assert.Equal(1024, longest.Length);
        Assert.Equal(longest, StoreKey.Validate(longest));

        var error = Assert.Throws<DrException>(() => StoreKey.Validate(longest + "y"));
        Assert.Equal(ErrorIds.StoreKeyInvalid, error.ErrorId);
    }

    [Fact]
    public void Join_ValidatesTheJoinedKey()
    {
        Assert.Equal("qdrant/docs/id", StoreKey.Join("qdrant", "docs", "id"));
        Assert.Equal(ErrorIds.StoreKeyInvalid, Assert.Throws<DrException>(() => StoreKey.Join("qdrant", "..", "id")).ErrorId);
        Assert.Equal(ErrorIds.StoreKeyInvalid, Assert.Throws<DrException>(() => StoreKey.Join("qdrant", "", "id")).ErrorId);
    }

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("..", "%2E%2E")]
    [InlineData(".", "%2E")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("%2E", "%252E")]
    [InlineData("my collection", "my%20collection")]
    [InlineData("docs-v2_final.1", "docs-v2_final.1")]
    [InlineData("...", "...")]
    public void Segment_EscapesSeparatorsAndDotSegments(string name, string expected) =>
        Assert.Equal(expected, StoreKey.Segment(name));

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../../etc")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\b")]
    public void Segment_OfHostileNameStaysOneSegmentInsideItsParent(string name)
    {
        var key = StoreKey.Join("qdrant", StoreKey.Segment(name), "manifest.json");
        Assert.Equal(3, key.Split('/').Length);
    }

    /// <summary>
    /// Property: for random keys built from the characters that matter ('/', '.', '\', controls, letters,
    /// non-ASCII), Validate accepts exactly the keys the rules in its documentation allow.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Validate_AgreesWithTheDocumentedRulesOnRandomKeys(int seed)
    {
        var random = new Random(seed);
        char[] alphabet = ['/', '/', '.', '.', '.', '\\', 'a', 'b', 'Z', '0', '-', '_', ' ', '%', ':', '\0', '\n', '\u001f', '\u007f', 'é', '日'];
        int accepted = 0, rejected = 0;
        for (var i = 0; i < 4000; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 12);
            for (var j = 0; j < length; j++)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var key = builder.ToString();
            var valid = IsValidByDocumentedRules(key);
            if (valid)
            {
                accepted++;
                Assert.Equal(key, StoreKey.Validate(key));
            }
            else
            {
                rejected++;
                var error = Assert.Throws<DrException>(() => StoreKey.Validate(key));
                Assert.Equal(ErrorIds.StoreKeyInvalid, error.ErrorId);
            }
        }

        // The generator must produce both kinds, or the property proves nothing.
        Assert.InRange(accepted, 100, 4000);
        Assert.InRange(rejected, 100, 4000);
    }

    /// <summary>
    /// Property: whatever a collection is called, its escaped segment is a single valid key segment that
    /// cannot be '.' or '..', unescapes back to the name, and two different names never share a segment.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Segment_IsAValidInjectiveReversibleSegmentForRandomNames(int seed)
    {
        var random = new Random(seed);
        string[] pieces = ["/", ".", "..", "\\", "%", "%2E", "%2F", " ", "a", "Z", "9", "-", "_", "~", "+", "?", "#", ":", "é", "日本", "🙂", "\t"];
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 3000; i++)
        {
            var builder = new StringBuilder();
            var count = random.Next(1, 6);
            for (var j = 0; j < count; j++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var name = builder.ToString();
            var segment = StoreKey.Segment(name);
            Assert.DoesNotContain('/', segment);
            Assert.DoesNotContain('\\', segment);
            Assert.NotEqual(".", segment);
            Assert.NotEqual("..", segment);
            Assert.Equal(segment, StoreKey.Validate(segment));
            Assert.Equal(name, Uri.UnescapeDataString(segment));
            if (seen.TryGetValue(segment, out var other))
            {
                Assert.Equal(other, name);
            }

            seen[segment] = name;
        }
    }

    private static bool IsValidByDocumentedRules(string key) =>
        key.Length is > 0 and <= 1024
        && !key.StartsWith('/')
        && !key.Contains('\\')
        && !key.Any(char.IsControl)
        && key.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
}
