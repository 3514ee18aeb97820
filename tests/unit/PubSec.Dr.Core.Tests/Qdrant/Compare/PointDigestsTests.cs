using Google.Protobuf.Collections;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;
using Qdrant.Client.Grpc;

namespace PubSec.Dr.Tests.Qdrant.Compare;

public sealed class PointDigestsTests
{
    [Fact]
    public void CanonicalPayload_IsTheSameWhateverOrderTheServerSentTheKeys()
    {
        var first = Payload(("tenant", "t-1"), ("n", 3L), ("nested", Nested(("b", 2.5), ("a", true))));
        var second = Payload(("nested", Nested(("a", true), ("b", 2.5))), ("n", 3L), ("tenant", "t-1"));

        Assert.Equal(CanonicalPayload.From(first), CanonicalPayload.From(second));
        Assert.Equal("""{"n":3,"nested":{"a":true,"b":2.5},"tenant":"t-1"}""", CanonicalPayload.From(first));
    }

    [Fact]
    public void CanonicalPayload_KeepsListsInOrderAndNulls()
    {
        var payload = Payload(("tags", List("b", "a")), ("gone", null));

        Assert.Equal("""{"gone":null,"tags":["b","a"]}""", CanonicalPayload.From(payload));
    }

    [Fact]
    public void VectorDigest_ChangesWithOneFloatAndIgnoresSpaceOrder()
    {
        var a = new QdrantPointRecord("1", "{}", new Dictionary<string, float[]> { ["text"] = [0.1f, 0.2f], ["image"] = [1f] });
        var reordered = new QdrantPointRecord("1", "{}", new Dictionary<string, float[]> { ["image"] = [1f], ["text"] = [0.1f, 0.2f] });
        var changed = new QdrantPointRecord("1", "{}", new Dictionary<string, float[]> { ["text"] = [0.1f, 0.2000001f], ["image"] = [1f] });

        Assert.Equal(PointDigests.Of(a).VectorSha256, PointDigests.Of(reordered).VectorSha256);
        Assert.NotEqual(PointDigests.Of(a).VectorSha256, PointDigests.Of(changed).VectorSha256);
    }

    [Fact]
    public void VectorDigest_SeparatesSpaceNamesFromValues()
    {
        var split = new QdrantPointRecord("1", "{}", new Dictionary<string, float[]> { ["a"] = [1f], ["b"] = [2f] });
        var joined = new QdrantPointRecord("1", "{}", new Dictionary<string, float[]> { ["ab"] = [1f, 2f] });

        Assert.NotEqual(PointDigests.Of(split).VectorSha256, PointDigests.Of(joined).VectorSha256);
    }

    private static MapField<string, Value> Payload(params (string Key, object? Value)[] fields)
    {
        var map = new MapField<string, Value>();
        foreach (var (key, value) in fields)
        {
            map[key] = ToValue(value);
        }

        return map;
    }

    private static Value Nested(params (string Key, object? Value)[] fields)
    {
        var inner = new Struct();
        foreach (var (key, value) in fields)
        {
            inner.Fields[key] = ToValue(value);
        }

        return new Value { StructValue = inner };
    }

    private static Value List(params string[] items)
    {
        var list = new ListValue();
        list.Values.AddRange(items.Select(i => new Value { StringValue = i }));
        return new Value { ListValue = list };
    }

    private static Value ToValue(object? value) => value switch
    {
        null => new Value { NullValue = NullValue.NullValue },
        string s => new Value { StringValue = s },
        long l => new Value { IntegerValue = l },
        double d => new Value { DoubleValue = d },
        bool b => new Value { BoolValue = b },
        Value v => v,
        _ => throw new ArgumentException($"unsupported {value.GetType()}"),
    };
}
