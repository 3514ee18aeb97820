using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// Azure's container naming rules, checked before any request so a typo fails with a clear message instead
/// of the service's generic 400: 3-63 characters, lowercase letters, digits and single hyphens, starting and
/// ending with a letter or digit.
/// </summary>
internal static class AzureContainerName
{
    public static string Validate(string name, string location)
    {
        var valid = name.Length is >= 3 and <= 63
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && name[0] != '-' && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new DrException(ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
                $"The backup store '{location}' names the container '{name}', which is not a valid Azure container name.",
                "Use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.", location);
        }

        return name;
    }
}
