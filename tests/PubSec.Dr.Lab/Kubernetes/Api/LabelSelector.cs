using System.Globalization;
using System.Text.RegularExpressions;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// A parsed <c>labelSelector</c> (Kubernetes' <c>labels.Parse</c>): <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>, <c>k&gt;n</c>, <c>k&lt;n</c>, comma = AND.
/// <c>!=</c> and <c>notin</c> also match objects without the label, as in Kubernetes.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses a selector; a malformed one is a 400 BadRequest, as the apiserver answers it.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var tokens = new Tokens(text);
        var requirements = new List<Requirement>();
        while (true)
        {
            requirements.Add(ParseRequirement(tokens));
            var next = tokens.Next();
            if (next.Kind == TokenKind.End)
            {
                return new LabelSelector(requirements);
            }

            if (next.Kind != TokenKind.Comma)
            {
                throw Error($"found '{next.Text}', expected: ',' or 'end of string'");
            }
        }
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    private static Requirement ParseRequirement(Tokens tokens)
    {
        var first = tokens.Next();
        if (first.Kind == TokenKind.Not)
        {
            return new Requirement(Key(tokens.Next()), Operator.DoesNotExist, []);
        }

        var key = Key(first);
        var op = tokens.Peek();
        switch (op.Kind)
        {
            case TokenKind.End or TokenKind.Comma:
                return new Requirement(key, Operator.Exists, []);
            case TokenKind.Equals or TokenKind.DoubleEquals or TokenKind.NotEquals:
                tokens.Next();
                return new Requirement(key, op.Kind == TokenKind.NotEquals ? Operator.NotEquals : Operator.Equals, [Value(tokens)]);
            case TokenKind.GreaterThan or TokenKind.LessThan:
                tokens.Next();
                var number = tokens.Next();
                if (number.Kind != TokenKind.Identifier || !long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    throw Error($"for 'Gt', 'Lt' operators, the value must be an integer");
                }

                return new Requirement(key, op.Kind == TokenKind.GreaterThan ? Operator.GreaterThan : Operator.LessThan, [number.Text]);
            case TokenKind.Identifier when op.Text is "in" or "notin":
                tokens.Next();
                return new Requirement(key, op.Text == "in" ? Operator.In : Operator.NotIn, ValueSet(tokens));
            default:
                throw Error($"found '{op.Text}', expected: in, notin, =, ==, !=, gt, lt");
        }
    }

    private static string Key(Token token)
    {
        if (token.Kind != TokenKind.Identifier)
        {
            throw Error($"found '{token.Text}', expected: !, identifier, or 'end of string'");
        }

        if (!IsQualifiedName(token.Text))
        {
            throw Error($"{token.Text}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }

        return token.Text;
    }

    private static string Value(Tokens tokens)
    {
        var token = tokens.Peek();
        if (token.Kind is TokenKind.Comma or TokenKind.End)
        {
            return "";
        }

        tokens.Next();
        if (token.Kind != TokenKind.Identifier)
        {
            throw Error($"found '{token.Text}', expected: identifier");
        }

        return ValidValue(token.Text);
    }

    private static List<string> ValueSet(Tokens tokens)
    {
        var open = tokens.Next();
        if (open.Kind != TokenKind.OpenParen)
        {
            throw Error($"found '{open.Text}', expected: '('");
        }

        var values = new List<string>();
        while (true)
        {
            var token = tokens.Next();
            switch (token.Kind)
            {
                case TokenKind.Identifier:
                    values.Add(ValidValue(token.Text));
                    var after = tokens.Next();
                    if (after.Kind == TokenKind.CloseParen)
                    {
                        return values;
                    }

                    if (after.Kind != TokenKind.Comma)
                    {
                        throw Error($"found '{after.Text}', expected: ',' or ')'");
                    }

                    break;
                case TokenKind.Comma:
                    values.Add("");
                    break;
                case TokenKind.CloseParen:
                    values.Add("");
                    return values;
                default:
                    throw Error($"found '{token.Text}', expected: ',', ')' or identifier");
            }
        }
    }

    private static string ValidValue(string value) =>
        value.Length <= 63 && NamePart().IsMatch(value)
            ? value
            : throw Error($"invalid label value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");

    private static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefix = slash < 0 ? null : key[..slash];
        return name.Length is > 0 and <= 63 && NamePart().IsMatch(name)
            && (prefix is null || (prefix.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(prefix)));
    }

    private static KubeApiException Error(string detail) => KubeErrors.BadRequest($"unable to parse requirement: {detail}");

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex NamePart();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    private enum Operator
    {
        Exists,
        DoesNotExist,
        Equals,
        NotEquals,
        In,
        NotIn,
        GreaterThan,
        LessThan,
    }

    private sealed record Requirement(string Key, Operator Op, List<string> Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Op switch
            {
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                Operator.Equals or Operator.In => has && Values.Contains(value!),
                Operator.NotEquals or Operator.NotIn => !has || !Values.Contains(value!),
                Operator.GreaterThan => has && long.TryParse(value, CultureInfo.InvariantCulture, out var gt) && gt > long.Parse(Values[0], CultureInfo.InvariantCulture),
                Operator.LessThan => has && long.TryParse(value, CultureInfo.InvariantCulture, out var lt) && lt < long.Parse(Values[0], CultureInfo.InvariantCulture),
                _ => false,
            };
        }
    }

    private enum TokenKind
    {
        End,
        Identifier,
        Comma,
        Not,
        Equals,
        DoubleEquals,
        NotEquals,
        OpenParen,
        CloseParen,
        GreaterThan,
        LessThan,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    /// <summary>The selector lexer: identifiers are runs of anything but whitespace and <c>!=(),&lt;&gt;</c>.</summary>
    private sealed class Tokens(string text)
    {
        private int _position;
        private Token? _peeked;

        public Token Peek() => _peeked ??= Read();

        public Token Next()
        {
            var token = Peek();
            _peeked = null;
            return token;
        }

        private Token Read()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }

            if (_position >= text.Length)
            {
                return new Token(TokenKind.End, "end of string");
            }

            var c = text[_position];
            var twoChars = _position + 1 < text.Length ? text.Substring(_position, 2) : null;
            switch (twoChars)
            {
                case "==":
                    _position += 2;
                    return new Token(TokenKind.DoubleEquals, "==");
                case "!=":
                    _position += 2;
                    return new Token(TokenKind.NotEquals, "!=");
            }

            var single = c switch
            {
                ',' => TokenKind.Comma,
                '!' => TokenKind.Not,
                '=' => TokenKind.Equals,
                '(' => TokenKind.OpenParen,
                ')' => TokenKind.CloseParen,
                '>' => TokenKind.GreaterThan,
                '<' => TokenKind.LessThan,
                _ => TokenKind.Identifier,
            };
            if (single != TokenKind.Identifier)
            {
                _position++;
                return new Token(single, c.ToString());
            }

            var start = _position;
            while (_position < text.Length && !char.IsWhiteSpace(text[_position]) && ",!=()<>".IndexOf(text[_position], StringComparison.Ordinal) < 0)
            {
                _position++;
            }

            return new Token(TokenKind.Identifier, text[start.._position]);
        }
    }
}
