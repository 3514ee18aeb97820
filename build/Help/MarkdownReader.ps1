# Generic reading of the hand-written help markdown: front matter, headings and text blocks.
# Deliberately small: the docs use a fixed platyPS-like outline, so a full CommonMark parser (and a
# package dependency) would buy nothing. Everything here is fence-aware, because examples contain
# PowerShell comments ('# ...', '## ...') that must never be read as headings.

$script:FencePattern = '^\s{0,3}(?<fence>`{3,}|~{3,})\s*(?<language>[^`\s]*)'
$script:ListItemPattern = '^\s{0,3}(?<marker>[-*+]|\d{1,9}[.)])\s+(?<text>.*)$'

function Read-MarkdownFile {
    # Reads a file as lines, without the trailing newline quirks of Get-Content on empty files.
    param([Parameter(Mandatory)] [string] $Path)
    $text = [System.IO.File]::ReadAllText($Path)
    [string[]]($text -split '\r?\n')
}

function Split-MarkdownFrontMatter {
    # Separates the '---' delimited front matter (simple 'Key: Value' lines) from the body.
    # BodyOffset = how many file lines precede the body, so problems can name real line numbers.
    param([Parameter(Mandatory)] [AllowEmptyString()] [AllowEmptyCollection()] [string[]] $Lines)
    $frontMatter = [ordered]@{}
    $offset = 0
    $first = 0
    while ($first -lt $Lines.Count -and $Lines[$first].Trim() -eq '') { $first++ }
    if ($first -lt $Lines.Count -and $Lines[$first].Trim() -eq '---') {
        for ($end = $first + 1; $end -lt $Lines.Count; $end++) {
            if ($Lines[$end].Trim() -eq '---') { break }
            if ($Lines[$end] -match '^\s*(?<key>[^:]+?)\s*:\s*(?<value>.*?)\s*$') {
                $frontMatter[$Matches.key] = $Matches.value
            }
        }
        if ($end -lt $Lines.Count) {
            $offset = $end + 1
            $Lines = [string[]]@($Lines | Select-Object -Skip $offset)
        }
    }
    [pscustomobject]@{ FrontMatter = $frontMatter; Body = [string[]]$Lines; BodyOffset = $offset }
}

function Test-MarkdownFence {
    # True when the line opens or closes a fenced code block; the fence text is returned by reference.
    param([AllowEmptyString()] [string] $Line, [ref] $Fence, [ref] $Language)
    if ($Line -notmatch $script:FencePattern) { return $false }
    $Fence.Value = $Matches.fence
    if ($Language) { $Language.Value = $Matches.language }
    $true
}

function Test-MarkdownFenceClose {
    # True when the line closes the fence opened by $OpenFence: the same marker character, at
    # least as long, and nothing else on the line (CommonMark's rule).
    param([AllowEmptyString()] [string] $Line, [Parameter(Mandatory)] [string] $OpenFence)
    $fence = $null
    (Test-MarkdownFence $Line ([ref]$fence)) -and $fence[0] -eq $OpenFence[0] -and
        $fence.Length -ge $OpenFence.Length -and $Line.Trim() -eq $fence
}

function Split-MarkdownHeading {
    # Splits lines at headings of exactly $Level '#' characters, outside code fences. Returns one
    # section per heading (Heading = its text, Line = its line number in the file when $LineOffset is
    # the file line just before $Lines), preceded by a section with a $null Heading for the lines
    # before the first heading. Section lines start at file line Line + 1, which is what nested
    # calls pass as their $LineOffset.
    param(
        [Parameter(Mandatory)] [AllowEmptyString()] [AllowEmptyCollection()] [string[]] $Lines,
        [Parameter(Mandatory)] [int] $Level,
        [int] $LineOffset = 0
    )
    $prefix = '#' * $Level
    $headingPattern = "^$prefix\s+(?<text>.*?)\s*#*\s*$"
    $current = [pscustomobject]@{ Heading = $null; Line = $LineOffset; Lines = [System.Collections.Generic.List[string]]::new() }
    $sections = [System.Collections.Generic.List[object]]::new()
    $sections.Add($current)
    $openFence = $null
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        $line = $Lines[$i]
        $fence = $null
        if ($openFence) {
            if (Test-MarkdownFenceClose $line $openFence) { $openFence = $null }
        } elseif (Test-MarkdownFence $line ([ref]$fence)) {
            $openFence = $fence
        } elseif ($line -match $headingPattern) {
            $current = [pscustomobject]@{ Heading = $Matches.text; Line = $LineOffset + $i + 1; Lines = [System.Collections.Generic.List[string]]::new() }
            $sections.Add($current)
            continue
        }
        $current.Lines.Add($line)
    }
    $sections.ToArray()
}

function Get-MarkdownBlock {
    # Cuts text into blocks: Paragraph, List (one entry per item), Fence (code with its language),
    # Indented (code indented by four spaces), Table and Heading. Unclosed = a fence never closed.
    param([Parameter(Mandatory)] [AllowEmptyString()] [AllowEmptyCollection()] [string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $i = 0
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        $fence = $null; $language = $null
        if ($line.Trim() -eq '') { $i++; continue }
        if (Test-MarkdownFence $line ([ref]$fence) ([ref]$language)) {
            $code = [System.Collections.Generic.List[string]]::new()
            $i++
            $closed = $false
            while ($i -lt $Lines.Count) {
                if (Test-MarkdownFenceClose $Lines[$i] $fence) { $closed = $true; $i++; break }
                $code.Add($Lines[$i]); $i++
            }
            $blocks.Add([pscustomobject]@{ Kind = 'Fence'; Language = $language; Lines = $code.ToArray(); Unclosed = -not $closed })
        } elseif ($line -match '^(\t| {4})') {
            $code = [System.Collections.Generic.List[string]]::new()
            while ($i -lt $Lines.Count -and ($Lines[$i] -match '^(\t| {4})' -or $Lines[$i].Trim() -eq '')) {
                $code.Add(($Lines[$i] -replace '^(\t| {4})', '')); $i++
            }
            while ($code.Count -gt 0 -and $code[$code.Count - 1].Trim() -eq '') { $code.RemoveAt($code.Count - 1) }
            $blocks.Add([pscustomobject]@{ Kind = 'Indented'; Language = ''; Lines = $code.ToArray(); Unclosed = $false })
        } elseif ($line -match '^\s*\|') {
            $rows = [System.Collections.Generic.List[string]]::new()
            while ($i -lt $Lines.Count -and $Lines[$i] -match '^\s*\|') { $rows.Add($Lines[$i].TrimEnd()); $i++ }
            $blocks.Add([pscustomobject]@{ Kind = 'Table'; Language = ''; Lines = $rows.ToArray(); Unclosed = $false })
        } elseif ($line -match '^#{1,6}\s+(?<text>.*?)\s*#*\s*$') {
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Language = ''; Lines = @($Matches.text); Unclosed = $false })
            $i++
        } elseif ($line -match $script:ListItemPattern) {
            $items = [System.Collections.Generic.List[string]]::new()
            while ($i -lt $Lines.Count) {
                if ($Lines[$i] -match $script:ListItemPattern) {
                    $items.Add("$($Matches.marker) $($Matches.text.Trim())"); $i++
                } elseif ($Lines[$i].Trim() -ne '' -and -not (Test-MarkdownFence $Lines[$i] ([ref]$null))) {
                    # A continuation line of the current item (indented or lazy).
                    $items[$items.Count - 1] += ' ' + $Lines[$i].Trim(); $i++
                } else {
                    # A blank line ends the list unless another item follows it (a loose list).
                    $next = $i
                    while ($next -lt $Lines.Count -and $Lines[$next].Trim() -eq '') { $next++ }
                    if ($next -lt $Lines.Count -and $Lines[$next] -match $script:ListItemPattern) { $i = $next } else { break }
                }
            }
            $blocks.Add([pscustomobject]@{ Kind = 'List'; Language = ''; Lines = $items.ToArray(); Unclosed = $false })
        } else {
            $text = [System.Collections.Generic.List[string]]::new()
            while ($i -lt $Lines.Count -and $Lines[$i].Trim() -ne '' -and
                -not (Test-MarkdownFence $Lines[$i] ([ref]$null)) -and $Lines[$i] -notmatch $script:ListItemPattern -and
                $Lines[$i] -notmatch '^\s*\|' -and $Lines[$i] -notmatch '^#{1,6}\s') {
                $text.Add($Lines[$i].Trim()); $i++
            }
            $blocks.Add([pscustomobject]@{ Kind = 'Paragraph'; Language = ''; Lines = @($text -join ' '); Unclosed = $false })
        }
    }
    $blocks.ToArray()
}

function ConvertTo-HelpParagraph {
    # Turns blocks into the paragraphs of a maml:description or alert: one per paragraph, one per
    # list item, and one per code block or table with its line breaks kept, so help readers see
    # lists and code the way the author laid them out.
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Blocks)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    foreach ($block in $Blocks) {
        switch ($block.Kind) {
            'List' { foreach ($item in $block.Lines) { $paragraphs.Add($item) } }
            'Paragraph' { $paragraphs.Add($block.Lines[0]) }
            'Heading' { $paragraphs.Add($block.Lines[0]) }
            default { $paragraphs.Add(($block.Lines -join "`n")) }
        }
    }
    $paragraphs.ToArray()
}

function Get-MarkdownText {
    # The paragraphs of a run of markdown lines (a section or subsection body).
    param([Parameter(Mandatory)] [AllowEmptyString()] [AllowEmptyCollection()] [string[]] $Lines)
    ConvertTo-HelpParagraph @(Get-MarkdownBlock $Lines)
}
