namespace PubSec.Dr.Reports.Charts;

/// <summary>Colours that stay apart in print and for common colour blindness; a chart never relies on them alone (labels say the same).</summary>
internal static class ChartColors
{
    public const string Good = "#2e7d32";
    public const string Warn = "#b26a00";
    public const string Bad = "#c62828";
    public const string Neutral = "#546e7a";
    public const string NotCounted = "#b0bec5";
    public const string Axis = "#9e9e9e";
    public const string Reference = "#c62828";
    public const string Rto = "#1565c0";
    public const string Rpo = "#6a1b9a";

    public static string Of(VerdictTone tone) => tone switch
    {
        VerdictTone.Good => Good,
        VerdictTone.Warn => Warn,
        VerdictTone.Bad => Bad,
        _ => Neutral,
    };
}
