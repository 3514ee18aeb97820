using System.Reflection;
using System.Runtime.Loader;

namespace PubSec.Dr.Loader;

/// <summary>
/// The module's own AssemblyLoadContext. Ops sessions often already hold other versions of AWSSDK.Core,
/// Google.Protobuf, Grpc or YamlDotNet (AWS.Tools, Az); resolving our dependencies from our own folder
/// first means neither side breaks the other. Anything not in that folder (PowerShell itself, the .NET
/// framework) falls through to the default context, so cmdlet types still bind to the host's
/// System.Management.Automation.
/// </summary>
public sealed class LoadContext : AssemblyLoadContext
{
    private const string MainAssembly = "PubSec.Dr.Cmdlets";
    private static readonly object Gate = new();
    private static LoadContext? _instance;
    private readonly string _directory;
    private readonly string[] _searchOrder;

    private LoadContext(string directory)
        : base("PubSecDr", isCollectible: false)
    {
        _directory = directory;
        // ReadyToRun code is only used by the runtime major version whose format it was compiled in (.NET 10 rejects
        // .NET 8's). deps/ holds images for .NET 8 (pwsh 7.4); the build puts images for newer runtimes under
        // readytorun/net<major>/. A runtime with no folder of its own runs deps/ and JIT-compiles their IL.
        var precompiled = Path.Combine(directory, "readytorun", "net" + Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Decided once: every assembly load would otherwise look for a file in a folder this runtime has none of.
        _searchOrder = Directory.Exists(precompiled) ? new[] { precompiled, directory } : new[] { directory };
    }

    /// <summary>Loads the cmdlet assembly (once per process) and returns it for Import-Module -Assembly.</summary>
    public static Assembly Initialize(string dependencyDirectory)
    {
        lock (Gate)
        {
            _instance ??= new LoadContext(Path.GetFullPath(dependencyDirectory));
            return _instance.LoadFromAssemblyName(new AssemblyName(MainAssembly));
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // A framework assembly (System.Text.Json, DiagnosticSource, ...) that the host already has in the same or
        // a newer version stays the host's: a second copy splits type identity between us and the framework.
        if (FrameworkVersion(assemblyName.Name) is { } hostVersion && hostVersion >= (assemblyName.Version ?? new Version()))
        {
            return null;
        }

        var fileName = assemblyName.Name + ".dll";
        foreach (var directory in _searchOrder)
        {
            var path = Path.Combine(directory, fileName);
            if (File.Exists(path))
            {
                return LoadFromAssemblyPath(path);
            }
        }

        return null;
    }

    private static readonly Lazy<Dictionary<string, string>> TrustedPlatformAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase));

    private static Version? FrameworkVersion(string? name)
    {
        if (name is null || !TrustedPlatformAssemblies.Value.TryGetValue(name, out var path))
        {
            return null;
        }

        try
        {
            return AssemblyName.GetAssemblyName(path).Version;
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException)
        {
            return null;
        }
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = Path.Combine(_directory, unmanagedDllName);
        return File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}
