using PubSec.Dr.Drills;
using PubSec.Dr.Environments;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Drills;

/// <summary>
/// Plan 3.1's "documentation accurate" for phases performed by a runbook: the runbook must be in the module's scripts/
/// folder (looked up on disk through <see cref="ShippedCatalog"/>, as the cmdlet does) and must not have failed.
/// </summary>
public sealed class DrillCriteriaTests : IDisposable
{
    private const string Runbook = "Invoke-DrBackupRunbook.ps1";
    private readonly TempDirectory _module = new();

    private string Scripts => Path.Combine(_module.Path, "scripts");

    public void Dispose() => _module.Dispose();

    private Func<string, bool> Shipped => ShippedCatalog.Of(["Invoke-DrDrill", "Restore-QdrantCluster"], Scripts);

    private void ShipRunbook()
    {
        Directory.CreateDirectory(Scripts);
        File.WriteAllText(Path.Combine(Scripts, Runbook), "param()\n");
    }

    private static DrillResult Result(FailoverStepStatus runbookStatus) => new()
    {
        Rto = TimeSpan.FromMinutes(1), Rpo = TimeSpan.FromMinutes(1),
        Checks = [new DrillCheck { Name = "Restore", Passed = true }],
        Phases =
        [
            new() { Name = "Restore", PlanStep = "2.2 step 3", PerformedBy = "Restore-QdrantCluster", Status = FailoverStepStatus.Succeeded },
            new() { Name = "Backup", PlanStep = "2.2 step 1", PerformedBy = Runbook, Status = runbookStatus },
        ],
    };

    private DrillCriterion Documentation(DrillResult result) =>
        Assert.Single(DrillCriteria.Judge(result, DrObjectives.Plan, Shipped), c => c.Name == "Documentation accurate");

    [Fact]
    public void A_phase_performed_by_a_runbook_that_is_in_the_modules_scripts_folder_passes()
    {
        ShipRunbook();

        var criterion = Documentation(Result(FailoverStepStatus.Succeeded));

        Assert.True(criterion.Passed, criterion.ToString());
    }

    [Fact]
    public void A_phase_performed_by_a_runbook_missing_from_the_modules_scripts_folder_fails_and_names_it()
    {
        Directory.CreateDirectory(Scripts);

        var criterion = Documentation(Result(FailoverStepStatus.Succeeded));

        Assert.False(criterion.Passed);
        Assert.Contains($"Backup: '{Runbook}' is not a shipped cmdlet or runbook", criterion.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runbook_is_not_found_in_the_module_root_or_without_a_scripts_folder()
    {
        File.WriteAllText(Path.Combine(_module.Path, Runbook), "param()\n");

        Assert.False(Shipped(Runbook));
        Assert.False(ShippedCatalog.Of([], null)(Runbook));
        Assert.True(Shipped("restore-qdrantcluster"));
    }

    [Fact]
    public void A_phase_whose_shipped_runbook_failed_fails_and_names_the_runbook()
    {
        ShipRunbook();

        var criterion = Documentation(Result(FailoverStepStatus.Failed));

        Assert.False(criterion.Passed);
        Assert.Equal($"Backup: {Runbook} failed", criterion.Observed);
    }

    [Fact]
    public void The_verdict_fails_when_only_the_documentation_criterion_fails()
    {
        var criteria = DrillCriteria.Judge(Result(FailoverStepStatus.Succeeded), DrObjectives.Plan, Shipped);

        Assert.All(criteria.Where(c => c.Name != "Documentation accurate"), c => Assert.True(c.Passed, c.ToString()));
        Assert.Equal(DrillVerdict.Failed, DrillCriteria.Verdict(criteria));
        ShipRunbook();
        Assert.Equal(DrillVerdict.Passed, DrillCriteria.Verdict(DrillCriteria.Judge(Result(FailoverStepStatus.Succeeded), DrObjectives.Plan, Shipped)));
    }
}
