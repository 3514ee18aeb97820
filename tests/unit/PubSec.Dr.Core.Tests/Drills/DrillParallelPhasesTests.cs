using PubSec.Dr.Backends;
using PubSec.Dr.Drills;
using PubSec.Dr.Environments;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Drills;

/// <summary>Phases the plan runs in parallel (2.3 step 4) run side by side, each timed, and the RTO counts their overlap once.</summary>
public sealed class DrillParallelPhasesTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Steps_marked_WithNext_run_at_the_same_time_and_the_rto_counts_the_longest_of_them()
    {
        var store = Directory.CreateDirectory(Path.Combine(_root.Path, "store")).FullName;
        var environment = DrEnvironmentLoader.Parse($$"""{ "name": "lab", "regions": { "primary": { "store": { "location": "{{store}}" } } } }""",
            Path.Combine(_root.Path, "env.json"));
        var engine = new DrillEngine(BackendFactory.Default) { Scenarios = _ => new SideBySide(), Removers = [], Shipped = _ => true };

        var result = (await engine.RunAsync(new DrillRequest(environment, DrillScenario.InfrastructureRebuild, environment.Region("primary")),
            (_, _) => true, null, CancellationToken.None))!;

        var (config, data, smoke) = (Phase(result, "Config"), Phase(result, "Data"), Phase(result, "Smoke"));
        Assert.All(new[] { config, data, smoke }, p => Assert.Equal(FailoverStepStatus.Succeeded, p.Status));
        // Each waited for the other to start: had they run one after the other, the first would have timed out.
        Assert.True(config.StartedAt < data.CompletedAt && data.StartedAt < config.CompletedAt, "the two phases overlap");
        Assert.Equal(TimeSpan.FromTicks(Math.Max(config.Duration!.Value.Ticks, data.Duration!.Value.Ticks)) + smoke.Duration!.Value, result.Rto);
        Assert.Equal(3, result.Checks.Count(c => c.Name == "Seen"));
    }

    private static DrillPhase Phase(DrillResult result, string name) => result.Phases.Single(p => p.Name == name);

    private sealed class SideBySide : IDrillScenario
    {
        private readonly TaskCompletionSource _configStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _dataStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DrillScenario Scenario => DrillScenario.InfrastructureRebuild;

        public IReadOnlyList<DrillStep> Steps =>
        [
            new("Config", "2.3 step 3", "Restore-DrKubernetesConfig", true, (c, _, ct) => MeetAsync(c, _configStarted, _dataStarted, ct)) { WithNext = true },
            new("Data", "2.3 step 4", "Restore-QdrantCluster", true, (c, _, ct) => MeetAsync(c, _dataStarted, _configStarted, ct)),
            new("Smoke", "2.3 step 6", "Compare-QdrantCollection", true, (c, _, _) =>
            {
                c.Check("Seen", true, "smoke", null);
                return Task.CompletedTask;
            }),
        ];

        private static async Task MeetAsync(DrillContext context, TaskCompletionSource mine, TaskCompletionSource other, CancellationToken ct)
        {
            mine.SetResult();
            await other.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            await Task.Delay(50, ct);
            context.Check("Seen", true, "both started", null);
        }
    }
}
