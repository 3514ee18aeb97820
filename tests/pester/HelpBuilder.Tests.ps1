# Tests of build/Help (the markdown -> MAML builder) against a throwaway binary module compiled here,
# so they pin the builder's behaviour without depending on PubSecDr's cmdlets or docs.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../build/Help/PubSecHelp.psm1') -Force

    # A unique assembly (and so module) name: an assembly name can be loaded only once per process,
    # and the suite may run this file twice in one session.
    $script:ModuleName = "PshFixture$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:ModuleDir = Join-Path $TestDrive 'module'
    $script:HelpDir = Join-Path $ModuleDir 'en-US'
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null
    $source = @'
using System.Management.Automation;

namespace MODULENAME
{
    public sealed class FixtureItem
    {
        public string Name { get; set; }
    }

    // Two parameter sets, ShouldProcess (so -WhatIf/-Confirm), a mandatory positional parameter
    // with an alias, and a parameter bound from the pipeline by value.
    [Cmdlet(VerbsCommon.Set, "PshFixtureItem", SupportsShouldProcess = true, DefaultParameterSetName = "ByName")]
    [OutputType(typeof(string))]
    public sealed class SetPshFixtureItemCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByName")]
        [Alias("N")]
        public string[] Name { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "ByInputObject")]
        public FixtureItem InputObject { get; set; }

        [Parameter]
        public int Count { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            string[] names = InputObject != null ? new[] { InputObject.Name } : Name;
            foreach (string name in names)
            {
                if (ShouldProcess(name, "Set")) { WriteObject(name); }
            }
        }
    }

    [Cmdlet(VerbsCommon.Get, "PshFixtureItem")]
    [OutputType(typeof(FixtureItem))]
    public sealed class GetPshFixtureItemCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; }

        protected override void ProcessRecord()
        {
            WriteObject(new FixtureItem { Name = Name });
        }
    }
}
'@
    $assembly = Join-Path $ModuleDir "$ModuleName.dll"
    Add-Type -TypeDefinition $source.Replace('MODULENAME', $ModuleName) -OutputAssembly $assembly -OutputType Library
    $script:FixtureModule = Import-Module $assembly -PassThru -Force

    # Text with every XML-special character, in the synopsis, description, example code and notes.
    $script:Synopsis = 'Sets <items> & "quoted" ''things'' in the fixture store.'
    $script:SpecialText = 'Markup such as <tag attr="x"> & &amp; and ]]> must reach the reader unchanged.'
    $script:SpecialCode = 'PS> Set-PshFixtureItem -Name ''a&b'' -Count 2 | Where-Object { $_ -lt "<3>" }'

    $script:Markdown = @{
        'Set-PshFixtureItem.md' = @'
---
external help file: MODULENAME.dll-Help.xml
Module Name: MODULENAME
---

# Set-PshFixtureItem

## SYNOPSIS
SYNOPSIS_TEXT

## SYNTAX

```
Set-PshFixtureItem -Bogus <ThisIsNotTheSyntax>
```

## DESCRIPTION
Set-PshFixtureItem stores items in the fixture store.
SPECIAL_TEXT

- First point
- Second point

## EXAMPLES

### Example 1: Set items by name
```powershell
SPECIAL_CODE
## a PowerShell comment that looks like a heading
```

Sets two copies of the item a&b.

### Example 2: Set items from the pipeline
```powershell
PS> Get-PshFixtureItem -Name x | Set-PshFixtureItem -WhatIf
```

Shows what would be set.

## PARAMETERS

### -Name
The names of the items to set.

```yaml
Type: String[]
Parameter Sets: ByName
Aliases: N
Required: True
Position: 0
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### -InputObject
An item from Get-PshFixtureItem.

```yaml
Type: FixtureItem
Parameter Sets: ByInputObject
Aliases:
Required: True
Position: Named
Default value: None
Accept pipeline input: True (ByValue)
Accept wildcard characters: False
```

### -Count
How many copies to set.

```yaml
Type: Int32
Parameter Sets: (All)
Aliases:
Required: False
Position: Named
Default value: 1
Accept pipeline input: False
Accept wildcard characters: False
```

### -Force
Overwrites existing items.

```yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases:
Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
```

### -WhatIf
Shows what would happen if the cmdlet runs. The cmdlet is not run.

```yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases: wi
Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
```

### -Confirm
Prompts you for confirmation before running the cmdlet.

```yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases: cf
Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
```

### CommonParameters
This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and -WarningVariable.

## INPUTS

### MODULENAME.FixtureItem
Items from Get-PshFixtureItem.

## OUTPUTS

### System.String
The names of the items that were set.

## NOTES
Notes keep <angle brackets> & ampersands too.

## RELATED LINKS
[Get-PshFixtureItem](Get-PshFixtureItem.md)

[Fixture online help](https://example.invalid/help?a=1&b=2)
'@
        'Get-PshFixtureItem.md' = @'
---
external help file: MODULENAME.dll-Help.xml
Module Name: MODULENAME
---

# Get-PshFixtureItem

## SYNOPSIS
Gets an item of the fixture store.

## DESCRIPTION
Get-PshFixtureItem returns one item.

## EXAMPLES

### Example 1: Get an item
```powershell
PS> Get-PshFixtureItem -Name x
```

Returns the item x.

### Example 2: Get items named by piped objects
```powershell
PS> [pscustomobject]@{ Name = 'y' } | Get-PshFixtureItem
```

Returns the item y.

## PARAMETERS

### -Name
The name of the item.

```yaml
Type: String
Parameter Sets: (All)
Aliases:
Required: False
Position: 0
Default value: None
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.String
A name, by property name.

## OUTPUTS

### MODULENAME.FixtureItem
The item.

## NOTES

## RELATED LINKS
[Set-PshFixtureItem](Set-PshFixtureItem.md)
'@
        'about_MODULENAME.md'   = @'
# about_MODULENAME

## SHORT DESCRIPTION
A fixture module for the help builder's tests.

## LONG DESCRIPTION
The fixture has two cmdlets. See [Set-PshFixtureItem](Set-PshFixtureItem.md).

    Get-PshFixtureItem -Name x | Set-PshFixtureItem
'@
    }

    function New-FixtureMarkdown {
        # Writes the valid fixture markdown into a new folder and returns the folder.
        param([string] $Name = [Guid]::NewGuid().ToString('N'))
        $path = Join-Path $TestDrive "docs-$Name"
        New-Item -ItemType Directory -Path $path | Out-Null
        foreach ($file in $Markdown.Keys) {
            $text = $Markdown[$file].Replace('MODULENAME', $ModuleName).Replace('SYNOPSIS_TEXT', $Synopsis).
                Replace('SPECIAL_TEXT', $SpecialText).Replace('SPECIAL_CODE', $SpecialCode)
            Set-Content -LiteralPath (Join-Path $path $file.Replace('MODULENAME', $ModuleName)) -Value $text -NoNewline
        }
        $path
    }

    function Edit-FixtureMarkdown {
        # Applies a regex replacement to one fixture file and fails if it did not change anything,
        # so a test cannot pass because its edit silently missed.
        param([string] $Path, [string] $File, [string] $Pattern, [string] $Replacement)
        $target = Join-Path $Path $File
        $before = Get-Content -LiteralPath $target -Raw
        $after = [regex]::Replace($before, $Pattern, $Replacement, 'Multiline')
        if ($after -eq $before) { throw "Edit of $File did not match '$Pattern'." }
        Set-Content -LiteralPath $target -Value $after -NoNewline
    }

    function Get-MismatchError {
        # Runs ConvertTo-PubSecMaml on markdown expected to be wrong and returns its error record.
        param([string] $Path)
        $output = Join-Path $TestDrive "out-$([Guid]::NewGuid().ToString('N'))"
        try {
            ConvertTo-PubSecMaml -MarkdownPath $Path -Module $FixtureModule -OutputPath $output | Out-Null
        } catch {
            $record = $_
            Test-Path (Join-Path $output "$ModuleName.dll-Help.xml") | Should -BeFalse -Because 'no help is written when the markdown is wrong'
            return $record
        }
        throw 'ConvertTo-PubSecMaml did not fail.'
    }

    # A parameter section, from its heading up to the next one.
    $script:CountSection = '^### -Count\r?\n(?s:.*?)(?=^### )'
}

AfterAll {
    if ($FixtureModule) { Remove-Module $FixtureModule -Force -ErrorAction Ignore }
}

Describe 'ConvertTo-PubSecMaml with markdown that matches the cmdlets' {
    BeforeAll {
        $script:Docs = New-FixtureMarkdown 'valid'
        # en-US under the module folder: Get-Help finds it there whatever the UI culture (en-US
        # is its fallback), the same place the build writes PubSecDr's help.
        $script:Written = @(ConvertTo-PubSecMaml -MarkdownPath $Docs -Module $FixtureModule -OutputPath $HelpDir)
        $script:MamlPath = Join-Path $HelpDir "$ModuleName.dll-Help.xml"
        $script:Maml = [xml](Get-Content -LiteralPath $MamlPath -Raw)
        $script:Ns = [System.Xml.XmlNamespaceManager]::new($Maml.NameTable)
        $Ns.AddNamespace('msh', 'http://msh')
        $Ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $Ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $Ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $script:SetCommand = $Maml.SelectSingleNode("/msh:helpItems/command:command[command:details/command:name='Set-PshFixtureItem']", $Ns)
    }

    It 'finds no problems' {
        @(Test-PubSecHelpMarkdown -MarkdownPath $Docs -Module $FixtureModule) | Should -HaveCount 0
    }

    It 'accepts the module as a path as well as a PSModuleInfo' {
        @(Test-PubSecHelpMarkdown -MarkdownPath $Docs -Module (Join-Path $ModuleDir "$ModuleName.dll")) | Should -HaveCount 0
    }

    It 'writes the MAML named after the cmdlet assembly, and the about topic' {
        $Written.Name | Sort-Object | Should -Be (@("$ModuleName.dll-Help.xml", "about_$ModuleName.help.txt") | Sort-Object)
        (Get-Command Set-PshFixtureItem).HelpFile | Split-Path -Leaf | Should -Be "$ModuleName.dll-Help.xml"
    }

    It 'writes the STYLE.md outline in the STYLE.md namespaces' {
        $Maml.DocumentElement.LocalName | Should -Be 'helpItems'
        $Maml.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $Maml.SelectNodes('/msh:helpItems/command:command', $Ns).Count | Should -Be 2
        $SetCommand | Should -Not -BeNullOrEmpty
        $SetCommand.SelectSingleNode('command:details/command:verb', $Ns).InnerText | Should -Be 'Set'
        $SetCommand.SelectSingleNode('command:details/command:noun', $Ns).InnerText | Should -Be 'PshFixtureItem'
        foreach ($part in 'command:details', 'maml:description', 'command:syntax', 'command:parameters', 'command:inputTypes',
            'command:returnValues', 'maml:alertSet', 'command:examples', 'command:relatedLinks') {
            $SetCommand.SelectSingleNode($part, $Ns) | Should -Not -BeNullOrEmpty -Because "MAML needs $part"
        }
        $SetCommand.SelectSingleNode('command:returnValues/command:returnValue/dev:type/maml:name', $Ns).InnerText | Should -Be 'System.String'
        $links = $SetCommand.SelectNodes('command:relatedLinks/maml:navigationLink', $Ns)
        $links[1].SelectSingleNode('maml:uri', $Ns).InnerText | Should -Be 'https://example.invalid/help?a=1&b=2'
    }

    It 'generates the syntax from the parameter sets, ignoring the markdown SYNTAX section' {
        $items = $SetCommand.SelectNodes('command:syntax/command:syntaxItem', $Ns)
        $items.Count | Should -Be 2
        $sets = @($items | ForEach-Object { ($_.SelectNodes('command:parameter/maml:name', $Ns) | ForEach-Object InnerText) -join ' ' })
        $sets[0] | Should -Be 'Name Count Force WhatIf Confirm' -Because 'the default set comes first, positional parameters lead'
        $sets[1] | Should -Be 'InputObject Count Force WhatIf Confirm'
        $Maml.OuterXml | Should -Not -Match 'Bogus'
    }

    It 'never documents -ProgressAction' {
        $Maml.OuterXml | Should -Not -Match 'ProgressAction'
    }

    It 'writes the about topic as plain text' {
        $text = Get-Content -LiteralPath (Join-Path $HelpDir "about_$ModuleName.help.txt") -Raw
        $text | Should -Match "^TOPIC\n    about_$ModuleName\n\nSHORT DESCRIPTION\n    A fixture module"
        $text | Should -Match '\n        Get-PshFixtureItem -Name x \| Set-PshFixtureItem'
        $text | Should -Match 'See Set-PshFixtureItem\.' -Because 'links to other help become plain names'
    }

    Context 'Get-Help -Full for the fixture cmdlet' {
        BeforeAll {
            $script:Help = Get-Help Set-PshFixtureItem -Full
            $script:HelpText = $Help | Out-String -Width 400
        }

        It 'reads the generated file (not help made up from the cmdlet metadata)' {
            $Help.Synopsis | Should -Be $Synopsis
        }

        It 'shows the description, lists as separate paragraphs' {
            # Get-Help ends each paragraph but the last with a line break of its own.
            $paragraphs = @($Help.Description.Text | ForEach-Object TrimEnd)
            $paragraphs[0] | Should -Be "Set-PshFixtureItem stores items in the fixture store. $SpecialText"
            $paragraphs[1..2] | Should -Be @('- First point', '- Second point')
        }

        It 'shows every documented parameter and only those' {
            @($Help.Parameters.Parameter.Name) | Should -Be @('Name', 'InputObject', 'Count', 'Force', 'WhatIf', 'Confirm')
            foreach ($name in 'Name', 'InputObject', 'Count', 'Force', 'WhatIf', 'Confirm') {
                $HelpText | Should -Match "(?m)^\s+-$name\b" -Because "-$name is documented"
            }
        }

        It 'shows required, position, pipeline input and aliases as the cmdlet declares them' {
            $name = $Help.Parameters.Parameter | Where-Object Name -EQ 'Name'
            $name.Required | Should -Be 'true'
            $name.Position | Should -Be '0'
            $name.Aliases | Should -Be 'N'
            ($name.Description.Text -join '') | Should -Be 'The names of the items to set.'
            $inputObject = $Help.Parameters.Parameter | Where-Object Name -EQ 'InputObject'
            $inputObject.PipelineInput | Should -Be 'True (ByValue)'
            $inputObject.Position | Should -Be 'named'
            ($Help.Parameters.Parameter | Where-Object Name -EQ 'Count').DefaultValue | Should -Be '1'
        }

        It 'shows the generated syntax lines' {
            $HelpText | Should -Match 'Set-PshFixtureItem \[-Name\] <String\[\]> \[-Count <Int32>\] \[-Force\] \[-WhatIf\] \[-Confirm\]'
            $HelpText | Should -Match 'Set-PshFixtureItem -InputObject <FixtureItem> \[-Count <Int32>\]'
        }

        It 'shows the examples with title, code and remarks' {
            $examples = @($Help.Examples.Example)
            $examples | Should -HaveCount 2
            $examples[0].Title | Should -Match 'Example 1: Set items by name'
            $examples[0].Code | Should -Be "$SpecialCode`n## a PowerShell comment that looks like a heading"
            ($examples[0].Remarks.Text -join '') | Should -Match 'Sets two copies of the item a&b\.'
            $examples[1].Code | Should -Be 'PS> Get-PshFixtureItem -Name x | Set-PshFixtureItem -WhatIf'
        }

        It 'keeps XML-special characters in every kind of text' {
            $HelpText | Should -Match ([regex]::Escape($Synopsis))
            $HelpText | Should -Match ([regex]::Escape($SpecialText))
            $HelpText | Should -Match ([regex]::Escape($SpecialCode))
            $HelpText | Should -Match ([regex]::Escape('Notes keep <angle brackets> & ampersands too.'))
        }
    }
}

Describe 'Markdown that differs from the cmdlets' {
    It 'fails on a documented parameter the cmdlet lacks, naming the file and the parameter' {
        $docs = New-FixtureMarkdown
        Edit-FixtureMarkdown $docs 'Set-PshFixtureItem.md' '^### -Force$' "### -Colour`nThe colour.`n`n### -Force"
        $err = Get-MismatchError $docs
        $err.FullyQualifiedErrorId | Should -BeLike 'HelpMarkdownMismatch,*'
        $err.Exception.Message | Should -Match 'Set-PshFixtureItem\.md:\d+: -Colour: is documented, but Set-PshFixtureItem has no such parameter'
    }

    It 'fails on a cmdlet parameter the markdown does not document' {
        $docs = New-FixtureMarkdown
        Edit-FixtureMarkdown $docs 'Set-PshFixtureItem.md' $CountSection ''
        $err = Get-MismatchError $docs
        $err.Exception.Message | Should -Match 'Set-PshFixtureItem\.md: -Count: Set-PshFixtureItem has this parameter \(Int32\), but .* no ''### -Count'' subsection'
    }

    It 'fails when a cmdlet has only one example' {
        $docs = New-FixtureMarkdown
        Edit-FixtureMarkdown $docs 'Get-PshFixtureItem.md' '^### Example 2(?s:.*?)(?=^## PARAMETERS)' ''
        $err = Get-MismatchError $docs
        $err.Exception.Message | Should -Match 'Get-PshFixtureItem\.md: ''## EXAMPLES'' has 1 example\(s\); at least 2'
    }

    It 'lists every problem in one error' {
        $docs = New-FixtureMarkdown
        Edit-FixtureMarkdown $docs 'Set-PshFixtureItem.md' $CountSection ''
        Edit-FixtureMarkdown $docs 'Get-PshFixtureItem.md' '^## SYNOPSIS\r?\n.*$' '## SYNOPSIS'
        $err = Get-MismatchError $docs
        $err.Exception.Message | Should -Match '\(2 problem\(s\)\)'
        $err.Exception.Message | Should -Match '-Count'
        $err.Exception.Message | Should -Match 'Get-PshFixtureItem\.md: ''## SYNOPSIS'' is missing or empty'
        @($err.TargetObject) | Should -HaveCount 2
    }

    It 'reports <Case>' -TestCases @(
        @{ Case = 'a wrong Type'; File = 'Set-PshFixtureItem.md'; Pattern = '^Type: Int32$'; Replacement = 'Type: String'; Expected = '-Count: markdown says ''Type: String'', the cmdlet''s type is Int32' }
        @{ Case = 'a wrong Required'; File = 'Set-PshFixtureItem.md'; Pattern = '(?<=Aliases: N\r?\n)Required: True'; Replacement = 'Required: False'; Expected = '-Name: markdown says ''Required: False'', the cmdlet says ''True''' }
        @{ Case = 'a wrong Position'; File = 'Set-PshFixtureItem.md'; Pattern = '(?<=Aliases: N\r?\nRequired: True\r?\n)Position: 0'; Replacement = 'Position: 1'; Expected = '-Name: markdown says ''Position: 1'', the cmdlet says ''0''' }
        @{ Case = 'a wrong pipeline input'; File = 'Get-PshFixtureItem.md'; Pattern = 'True \(ByPropertyName\)'; Replacement = 'True (ByValue)'; Expected = '-Name: markdown says ''Accept pipeline input: True \(ByValue\)'', the cmdlet says ''True \(ByPropertyName\)''' }
        @{ Case = 'wrong aliases'; File = 'Set-PshFixtureItem.md'; Pattern = '^Aliases: N$'; Replacement = 'Aliases: Names'; Expected = '-Name: markdown says ''Aliases: Names'', the cmdlet''s aliases are: N' }
        @{ Case = 'a parameter set the parameter is not in'; File = 'Set-PshFixtureItem.md'; Pattern = '^Parameter Sets: ByName$'; Replacement = 'Parameter Sets: ByInputObject'; Expected = '-Name: ''Parameter Sets: ByInputObject'' names ''ByInputObject'', which does not contain this parameter' }
        @{ Case = 'an invalid value'; File = 'Set-PshFixtureItem.md'; Pattern = '(?<=Aliases: N\r?\n)Required: True'; Replacement = 'Required: Yes'; Expected = '-Name: ''Required: Yes'' is not a valid value' }
        @{ Case = 'a misspelt yaml key'; File = 'Set-PshFixtureItem.md'; Pattern = '(?<=Aliases: N\r?\n)Required: True'; Replacement = 'Require: True'; Expected = '-Name: unknown yaml key ''Require''' }
        @{ Case = 'a documented -ProgressAction'; File = 'Set-PshFixtureItem.md'; Pattern = '^### CommonParameters$'; Replacement = "### -ProgressAction`nNo.`n`n### CommonParameters"; Expected = '-ProgressAction: must not be documented' }
        @{ Case = 'a common parameter documented as a parameter'; File = 'Set-PshFixtureItem.md'; Pattern = '^### CommonParameters$'; Replacement = "### -Verbose`nNo.`n`n### CommonParameters"; Expected = '-Verbose: is a common parameter' }
        @{ Case = 'a missing description'; File = 'Get-PshFixtureItem.md'; Pattern = '^## DESCRIPTION\r?\n.*$'; Replacement = '## DESCRIPTION'; Expected = 'Get-PshFixtureItem\.md: ''## DESCRIPTION'' is missing or empty' }
        @{ Case = 'an example without code'; File = 'Get-PshFixtureItem.md'; Pattern = '^```powershell\r?\nPS> Get-PshFixtureItem -Name x\r?\n```\r?\n'; Replacement = ''; Expected = 'example ''Example 1: Get an item'' has no fenced code block' }
        @{ Case = 'a title that is not the cmdlet name'; File = 'Get-PshFixtureItem.md'; Pattern = '^# Get-PshFixtureItem$'; Replacement = '# Get-PshFixtureItems'; Expected = 'the title ''# Get-PshFixtureItems'' must be the cmdlet name' }
        @{ Case = 'a wrong external help file'; File = 'Get-PshFixtureItem.md'; Pattern = '^external help file: .*$'; Replacement = 'external help file: Other.dll-Help.xml'; Expected = 'front matter says ''external help file: Other.dll-Help.xml''' }
    ) {
        $docs = New-FixtureMarkdown
        Edit-FixtureMarkdown $docs $File $Pattern $Replacement
        $problems = @(Test-PubSecHelpMarkdown -MarkdownPath $docs -Module $FixtureModule)
        ($problems.Text -join "`n") | Should -Match $Expected
        $problems | Should -HaveCount 1 -Because ($problems.Text -join "`n")
    }

    It 'reports a cmdlet without markdown and markdown without a cmdlet' {
        $docs = New-FixtureMarkdown
        Rename-Item (Join-Path $docs 'Get-PshFixtureItem.md') 'Get-PshFixtureThing.md'
        $text = @(Test-PubSecHelpMarkdown -MarkdownPath $docs -Module $FixtureModule).Text -join "`n"
        $text | Should -Match 'Get-PshFixtureThing\.md: module \S+ exports no cmdlet ''Get-PshFixtureThing'''
        $text | Should -Match 'Get-PshFixtureItem\.md: cmdlet Get-PshFixtureItem has no help markdown'
    }

    It 'reports a missing about topic' {
        $docs = New-FixtureMarkdown
        Remove-Item (Join-Path $docs "about_$ModuleName.md")
        (@(Test-PubSecHelpMarkdown -MarkdownPath $docs -Module $FixtureModule).Text -join "`n") |
            Should -Match "about_$ModuleName\.md: the module's about topic is missing"
    }

    It 'reports the file line of a wrong yaml value' {
        $docs = New-FixtureMarkdown
        Edit-FixtureMarkdown $docs 'Set-PshFixtureItem.md' '^Type: Int32$' 'Type: String'
        $line = (Select-String -LiteralPath (Join-Path $docs 'Set-PshFixtureItem.md') -Pattern '^Type: String$').LineNumber
        $problem = @(Test-PubSecHelpMarkdown -MarkdownPath $docs -Module $FixtureModule)[0]
        $problem.Line | Should -Be $line
        $problem.Parameter | Should -Be 'Count'
    }
}
