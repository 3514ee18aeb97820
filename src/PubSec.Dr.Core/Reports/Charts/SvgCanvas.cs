using System.Globalization;
using System.Net;
using System.Text;

namespace PubSec.Dr.Reports.Charts;

/// <summary>
/// Writes an inline SVG element: every text escaped, numbers in invariant culture, colours as attributes (so the
/// chart prints the same without the page's CSS). No xmlns: inline SVG in HTML needs none, and the page then holds
/// no URL at all.
/// </summary>
internal sealed class SvgCanvas
{
    private readonly StringBuilder _body = new();

    public SvgCanvas(double width, string label)
    {
        Width = width;
        Label = label;
    }

    public double Width { get; }

    public string Label { get; }

    public void Rect(double x, double y, double width, double height, string fill, string cssClass, string title, string? extra = null) =>
        _body.Append($"<rect class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(height)}\" fill=\"{fill}\"{extra}><title>{E(title)}</title></rect>");

    public void Line(double x1, double y1, double x2, double y2, string stroke, string cssClass, double strokeWidth = 1, bool dashed = false) =>
        _body.Append($"<line class=\"{cssClass}\" x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\"{(dashed ? " stroke-dasharray=\"6 4\"" : string.Empty)}/>");

    public void Text(double x, double y, string text, string anchor = "start", string fill = "#222", double size = 12, string weight = "normal") =>
        _body.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" font-size=\"{N(size)}\" font-weight=\"{weight}\" fill=\"{fill}\">{E(text)}</text>");

    public void Circle(double cx, double cy, double r, string fill, string cssClass, string title) =>
        _body.Append($"<circle class=\"{cssClass}\" cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{fill}\" stroke=\"#222\" stroke-width=\"0.75\"><title>{E(title)}</title></circle>");

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, string cssClass) =>
        _body.Append($"<polyline class=\"{cssClass}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1.5\" points=\"{string.Join(' ', points.Select(p => N(p.X) + "," + N(p.Y)))}\"/>");

    public string Render(double height) =>
        $"<svg class=\"chart\" role=\"img\" aria-label=\"{E(Label)}\" width=\"{N(Width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(Width)} {N(height)}\" font-family=\"sans-serif\"><title>{E(Label)}</title>{_body}</svg>";

    internal static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
