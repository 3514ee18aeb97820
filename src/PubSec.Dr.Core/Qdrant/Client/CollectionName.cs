using PubSec.Dr.Errors;

namespace PubSec.Dr.Qdrant.Client;

/// <summary>Rejects collection names Qdrant itself would reject, before they reach a URL or a store key.</summary>
public static class CollectionName
{
    private static readonly char[] Forbidden = ['/', '\\', '\0'];

    public static string Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255 || name.IndexOfAny(Forbidden) >= 0
            || name.Any(char.IsControl) || name is "." or "..")
        {
            throw new DrException(ErrorIds.QdrantCollectionNameInvalid, DrErrorCategory.InvalidArgument,
                $"'{name}' is not a valid Qdrant collection name.",
                "Use 1 to 255 characters without '/', '\\' or control characters.", name);
        }

        return name;
    }
}
