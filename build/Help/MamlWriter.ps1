# Writes MAML (the XML Get-Help reads for binary cmdlets) with XmlWriter, so every character of
# the authors' text is escaped by the XML library and the file is well-formed by construction.
# Outline and namespaces follow STYLE.md ("Help") and what platyPS emits.

$script:MamlNamespaces = [ordered]@{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Write-PubSecMamlFile {
    # One MAML file holding the help of every given cmdlet (all from the same assembly).
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [object[]] $Pairs)
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $settings.NewLineChars = "`n"
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $script:MamlNamespaces.msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($pair in $Pairs | Sort-Object { $_.Command.Name }) {
            Write-MamlCommand $writer $pair.Document $pair.Command
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    } finally {
        $writer.Dispose()
    }
    Get-Item -LiteralPath $Path
}

function Write-MamlElement {
    # <prefix:name>text</prefix:name>; WriteString escapes &, <, > and quotes as needed.
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [AllowEmptyString()] [AllowNull()] [string] $Text)
    $Writer.WriteStartElement($Prefix, $Name, $script:MamlNamespaces[$Prefix])
    if ($Text) { $Writer.WriteString($Text) }
    $Writer.WriteEndElement()
}

function Write-MamlStart {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name)
    $Writer.WriteStartElement($Prefix, $Name, $script:MamlNamespaces[$Prefix])
}

function Write-MamlDescription {
    # <maml:description> with one <maml:para> per paragraph; an empty section gets no empty para,
    # which Get-Help would show as a stray blank line.
    param([System.Xml.XmlWriter] $Writer, [AllowEmptyCollection()] [AllowNull()] [string[]] $Paragraphs)
    Write-MamlStart $Writer 'maml' 'description'
    foreach ($paragraph in @($Paragraphs | Where-Object { $_ })) { Write-MamlElement $Writer 'maml' 'para' $paragraph }
    $Writer.WriteEndElement()
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, [object] $Document, [System.Management.Automation.CmdletInfo] $Command)
    Write-MamlStart $Writer 'command' 'command'
    # Declared on each command, as platyPS does, so a command element can be read on its own.
    foreach ($prefix in 'maml', 'command', 'dev') {
        $Writer.WriteAttributeString('xmlns', $prefix, 'http://www.w3.org/2000/xmlns/', $script:MamlNamespaces[$prefix])
    }
    Write-MamlStart $Writer 'command' 'details'
    Write-MamlElement $Writer 'command' 'name' $Command.Name
    Write-MamlDescription $Writer $Document.Synopsis
    Write-MamlElement $Writer 'command' 'verb' $Command.Verb
    Write-MamlElement $Writer 'command' 'noun' $Command.Noun
    $Writer.WriteEndElement()
    Write-MamlDescription $Writer $Document.Description
    Write-MamlSyntax $Writer $Document $Command
    Write-MamlParameterList $Writer $Document $Command
    Write-MamlTypeList $Writer 'inputTypes' 'inputType' $Document.Inputs
    Write-MamlTypeList $Writer 'returnValues' 'returnValue' $Document.Outputs
    Write-MamlNote $Writer $Document.Notes
    Write-MamlExampleList $Writer $Document.Examples
    Write-MamlLinkList $Writer $Document.Links
    $Writer.WriteEndElement()
}

function Write-MamlSyntax {
    # One syntaxItem per parameter set, generated from Get-Command's metadata (never from the
    # markdown's SYNTAX section, which may be stale): positional parameters by position first,
    # then the rest in declaration order, as PowerShell's own syntax lines show them.
    param([System.Xml.XmlWriter] $Writer, [object] $Document, [System.Management.Automation.CmdletInfo] $Command)
    Write-MamlStart $Writer 'command' 'syntax'
    foreach ($set in Get-OrderedParameterSet $Command) {
        Write-MamlStart $Writer 'command' 'syntaxItem'
        Write-MamlElement $Writer 'maml' 'name' $Command.Name
        $documented = @($set.Parameters | Where-Object { Test-DocumentedParameter $_.Name })
        $ordered = @($documented | Where-Object Position -GE 0 | Sort-Object Position) + @($documented | Where-Object Position -LT 0)
        foreach ($parameter in $ordered) {
            Write-MamlParameter $Writer (Get-HelpParameterView $Document $Command $parameter.Name -SetName $set.Name)
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Get-OrderedParameterSet {
    # The default set first, so the first syntax line is what a user most likely types.
    param([System.Management.Automation.CmdletInfo] $Command)
    @($Command.ParameterSets | Where-Object IsDefault) + @($Command.ParameterSets | Where-Object { -not $_.IsDefault })
}

function Write-MamlParameterList {
    # Parameters in the order the markdown documents them (validated to be the cmdlet's set).
    param([System.Xml.XmlWriter] $Writer, [object] $Document, [System.Management.Automation.CmdletInfo] $Command)
    Write-MamlStart $Writer 'command' 'parameters'
    foreach ($parameter in $Document.Parameters) {
        Write-MamlParameter $Writer (Get-HelpParameterView $Document $Command $parameter.Name)
    }
    $Writer.WriteEndElement()
}

function Get-HelpParameterView {
    # Everything MAML says about one parameter. Facts (required, position, pipeline input, aliases,
    # type) come from the cmdlet; prose, default value and globbing from the markdown. With
    # -SetName the facts are those of that set; without, a summary over all sets: required when
    # required in any set, the first position it has, every kind of pipeline input.
    param([object] $Document, [System.Management.Automation.CmdletInfo] $Command, [string] $Name, [string] $SetName)
    $metadata = $Command.Parameters[$Name]
    $usage = @(Get-ParameterSetUsage $Command $metadata.Name | Where-Object { -not $SetName -or $_.SetName -eq $SetName })
    $documented = $Document.Parameters | Where-Object Name -EQ $metadata.Name | Select-Object -First 1
    $yaml = if ($documented -and @($documented.Metadata).Count) { $documented.Metadata[0].Values } else { @{} }
    $positional = @($usage | Where-Object { $_.Parameter.Position -ge 0 })
    $kinds = @($usage | ForEach-Object { Get-PipelineInputKind $_.Parameter })
    $typeName = if ($yaml['Type']) { $yaml['Type'] } else { Get-HelpTypeName $metadata.ParameterType }
    [pscustomobject]@{
        Name          = $metadata.Name
        Required      = @($usage | Where-Object { $_.Parameter.IsMandatory }).Count -gt 0
        Position      = if ($positional.Count) { [string]$positional[0].Parameter.Position } else { 'named' }
        PipelineInput = Format-PipelineInput $kinds
        Globbing      = (Get-HelpBooleanText ([string]$yaml['Accept wildcard characters'])) -eq 'True'
        Aliases       = if ($metadata.Aliases.Count) { $metadata.Aliases -join ', ' } else { 'none' }
        TypeName      = $typeName
        IsSwitch      = Test-SwitchParameterType $metadata.ParameterType
        Description   = if ($documented) { $documented.Description } else { @() }
        DefaultValue  = if ($yaml['Default value']) { $yaml['Default value'] } else { 'None' }
    }
}

function Write-MamlParameter {
    # A <command:parameter>, the same shape in syntax and parameters, as platyPS writes it.
    # Switches get no parameterValue, so syntax shows '[-Force]' and not '[-Force <SwitchParameter>]'.
    param([System.Xml.XmlWriter] $Writer, [object] $View)
    Write-MamlStart $Writer 'command' 'parameter'
    $Writer.WriteAttributeString('required', $View.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $View.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $View.PipelineInput)
    $Writer.WriteAttributeString('position', $View.Position)
    $Writer.WriteAttributeString('aliases', $View.Aliases)
    Write-MamlElement $Writer 'maml' 'name' $View.Name
    Write-MamlDescription $Writer $View.Description
    if (-not $View.IsSwitch) {
        Write-MamlStart $Writer 'command' 'parameterValue'
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($View.TypeName)
        $Writer.WriteEndElement()
    }
    Write-MamlStart $Writer 'dev' 'type'
    Write-MamlElement $Writer 'maml' 'name' $View.TypeName
    Write-MamlElement $Writer 'maml' 'uri' ''
    $Writer.WriteEndElement()
    Write-MamlElement $Writer 'dev' 'defaultValue' $View.DefaultValue
    $Writer.WriteEndElement()
}

function Write-MamlTypeList {
    # INPUTS -> command:inputTypes/inputType, OUTPUTS -> command:returnValues/returnValue.
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [AllowEmptyCollection()] [object[]] $Entries)
    Write-MamlStart $Writer 'command' $ListName
    foreach ($entry in $Entries) {
        Write-MamlStart $Writer 'command' $ItemName
        Write-MamlStart $Writer 'dev' 'type'
        Write-MamlElement $Writer 'maml' 'name' $entry.TypeName
        $Writer.WriteEndElement()
        Write-MamlDescription $Writer $entry.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlNote {
    # NOTES -> maml:alertSet with one alert holding the paragraphs (Get-Help's NOTES section).
    param([System.Xml.XmlWriter] $Writer, [AllowEmptyCollection()] [AllowNull()] [string[]] $Paragraphs)
    Write-MamlStart $Writer 'maml' 'alertSet'
    Write-MamlStart $Writer 'maml' 'alert'
    foreach ($paragraph in @($Paragraphs | Where-Object { $_ })) { Write-MamlElement $Writer 'maml' 'para' $paragraph }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function Write-MamlExampleList {
    # Titles get the dashes Get-Help's own examples have, so each example stands out in -Full.
    param([System.Xml.XmlWriter] $Writer, [AllowEmptyCollection()] [object[]] $Examples)
    Write-MamlStart $Writer 'command' 'examples'
    foreach ($example in $Examples) {
        Write-MamlStart $Writer 'command' 'example'
        Write-MamlElement $Writer 'maml' 'title' "--------- $($example.Title) ---------"
        Write-MamlElement $Writer 'dev' 'code' $example.Code
        Write-MamlStart $Writer 'dev' 'remarks'
        foreach ($paragraph in @($example.Remarks | Where-Object { $_ })) { Write-MamlElement $Writer 'maml' 'para' $paragraph }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlLinkList {
    param([System.Xml.XmlWriter] $Writer, [AllowEmptyCollection()] [object[]] $Links)
    Write-MamlStart $Writer 'command' 'relatedLinks'
    foreach ($link in $Links) {
        Write-MamlStart $Writer 'maml' 'navigationLink'
        Write-MamlElement $Writer 'maml' 'linkText' $link.Text
        Write-MamlElement $Writer 'maml' 'uri' $link.Uri
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}
