using System.Runtime.InteropServices;

namespace PubSec.Dr.Storage.Folder;

/// <summary>
/// The C library's functions the folder store calls (link(2), fcntl(2)), each through a delegate rather than a
/// [DllImport]: with .NET 10's ReadyToRun code a DllImport's first call loses errno (measured: a process's first
/// failed link() read errno 0 where the JIT-compiled call read EEXIST), while a delegate's marshalling stub is always
/// made by the runtime, which saves errno on every call. (LibraryImport would need unsafe code, which the engine
/// does not allow.) The delegate type must carry SetLastError = true.
/// </summary>
internal static class LibC
{
    private static readonly Lazy<IntPtr> Library = new(() => NativeLibrary.Load("libc", typeof(LibC).Assembly, null));

    public static Lazy<T> Function<T>(string name) where T : Delegate =>
        new(() => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(Library.Value, name)));
}
