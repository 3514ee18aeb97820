using Microsoft.Extensions.Hosting;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>
/// Replaces the console lifetime of each inner web app: several apps live in one process and only the lab
/// host may react to SIGTERM/Ctrl+C, or a node would shut itself down behind the lab's back.
/// </summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
