using PubSec.Dr.Errors;

namespace PubSec.Dr.Environments;

/// <summary>Reads a secret from the environment variable the file names; the value never passes through the file, an error or a log.</summary>
internal static class EnvironmentVariables
{
    public static string? Read(string? variable, string what)
    {
        if (variable is null)
        {
            return null;
        }

        var value = System.Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            throw new DrException(ErrorIds.EnvironmentSecretMissing, DrErrorCategory.AuthenticationError,
                $"The environment file names the variable '{variable}' for {what}, but it is not set in this process.",
                $"Set '{variable}' (in a runbook: from a credential or an encrypted variable) before running the command.", variable);
        }

        return value;
    }
}
