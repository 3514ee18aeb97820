using System.Text.RegularExpressions;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The apiserver's name validation on create, with its messages: namespaces are RFC 1123 labels, Services
/// RFC 1035 labels (they become DNS names), everything else RFC 1123 subdomains.
/// </summary>
internal static partial class NameRules
{
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    /// <summary>Throws the 422 Invalid Status for a name the type does not accept.</summary>
    public static void Check(ResourceType type, string name)
    {
        var (valid, maxLength, message) = type == ResourceTypes.Namespaces ? (Label().IsMatch(name), 63, LabelMessage)
            : type == ResourceTypes.Services ? (Dns1035().IsMatch(name), 63, Dns1035Message)
            : (Subdomain().IsMatch(name), 253, SubdomainMessage);
        if (name.Length > maxLength)
        {
            throw Invalid(type, name, $"Invalid value: \"{name}\": must be no more than {maxLength} characters");
        }

        if (!valid)
        {
            throw Invalid(type, name, $"Invalid value: \"{name}\": {message}");
        }
    }

    private static KubeApiException Invalid(ResourceType type, string name, string message) =>
        KubeErrors.Invalid(type.Kind, type.Group, name, "metadata.name", "FieldValueInvalid", message);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();
}
