# What the cmdlets really are, read from the imported module. The markdown is checked against this,
# and the MAML syntax is generated from it, so help can never show a parameter the cmdlet lacks.

# Common parameters are described once by PowerShell itself (about_CommonParameters), and
# ProgressAction (7.4+) must not be documented: platyPS-era help that lists it breaks on older hosts.
# WhatIf and Confirm are NOT in this list: like platyPS, we document them as ordinary parameters.
$script:UndocumentedParameters = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
foreach ($name in @([System.Management.Automation.Cmdlet]::CommonParameters) + 'ProgressAction', 'UseTransaction') {
    [void]$script:UndocumentedParameters.Add($name)
}

$script:AllParameterSets = '__AllParameterSets'

function Resolve-HelpModule {
    # Accepts an imported module or a path to import. A path is imported globally so the caller's
    # session (Get-Command, Get-Help) sees the same cmdlets the help was checked against.
    param([Parameter(Mandatory)] [object] $Module)
    if ($Module -is [System.Management.Automation.PSModuleInfo]) { return $Module }
    if ($Module -is [string] -or $Module -is [System.IO.FileSystemInfo]) {
        $imported = Import-Module ([string]$Module) -PassThru -Global -ErrorAction Stop | Select-Object -First 1
        if (-not $imported) { throw "Importing '$Module' returned no module." }
        return $imported
    }
    throw "-Module must be a PSModuleInfo or the path of a module to import, not a $($Module.GetType().FullName)."
}

function Get-HelpModuleCmdlet {
    # The cmdlets the module exports, as Get-Command returns them (CmdletInfo). Read from the module
    # itself rather than by name, so a same-named command from another module cannot stand in.
    param([Parameter(Mandatory)] [System.Management.Automation.PSModuleInfo] $ModuleInfo)
    @($ModuleInfo.ExportedCmdlets.Values | Sort-Object Name)
}

function Test-DocumentedParameter {
    param([Parameter(Mandatory)] [string] $Name)
    -not $script:UndocumentedParameters.Contains($Name)
}

function Get-DocumentedParameterName {
    # The parameters help must describe, in the cmdlet's declaration order.
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command)
    @($Command.Parameters.Values | Where-Object { Test-DocumentedParameter $_.Name } | ForEach-Object Name)
}

function Get-ParameterSetUsage {
    # How a parameter behaves in each parameter set that contains it (IsMandatory, Position,
    # pipeline input differ per set).
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command, [Parameter(Mandatory)] [string] $Name)
    foreach ($set in $Command.ParameterSets) {
        foreach ($parameter in $set.Parameters) {
            if ($parameter.Name -eq $Name) { [pscustomobject]@{ SetName = $set.Name; Parameter = $parameter } }
        }
    }
}

function Get-HelpTypeName {
    # The type name help shows: short names as platyPS writes them ('String[]', 'DrBackup'),
    # Nullable<T> as T (the user passes a T), generics as 'List[String]'. -FullName gives the
    # namespace-qualified form, which authors may also write.
    param([Parameter(Mandatory)] [type] $Type, [switch] $FullName)
    $underlying = [System.Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $Type = $underlying }
    if ($Type.IsArray) {
        $rank = if ($Type.GetArrayRank() -gt 1) { ',' * ($Type.GetArrayRank() - 1) } else { '' }
        return "$(Get-HelpTypeName $Type.GetElementType() -FullName:$FullName)[$rank]"
    }
    $name = if ($FullName -and $Type.Namespace) { "$($Type.Namespace).$($Type.Name)" } else { $Type.Name }
    if ($Type.IsGenericType) {
        $arguments = @($Type.GetGenericArguments() | ForEach-Object { Get-HelpTypeName $_ -FullName:$FullName })
        $name = ($name -replace '`\d+$', '') + "[$($arguments -join ', ')]"
    }
    $name
}

function Test-HelpTypeName {
    # True when the markdown's 'Type:' names the parameter's type in any of the usual spellings.
    param([Parameter(Mandatory)] [type] $Type, [Parameter(Mandatory)] [string] $Text)
    $candidates = @(
        (Get-HelpTypeName $Type), (Get-HelpTypeName $Type -FullName), $Type.Name, $Type.FullName, $Type.ToString()
    )
    $normalized = $Text -replace '\s', ''
    @($candidates | Where-Object { $_ -and ($_ -replace '\s', '') -eq $normalized }).Count -gt 0
}

function Get-PipelineInputKind {
    # The kinds of pipeline input a parameter takes in one set, named as platyPS names them.
    param([Parameter(Mandatory)] [System.Management.Automation.CommandParameterInfo] $Parameter)
    $kinds = [System.Collections.Generic.List[string]]::new()
    if ($Parameter.ValueFromPipelineByPropertyName) { $kinds.Add('ByPropertyName') }
    if ($Parameter.ValueFromPipeline) { $kinds.Add('ByValue') }
    if ($Parameter.ValueFromRemainingArguments) { $kinds.Add('FromRemainingArguments') }
    $kinds.ToArray()
}

function Format-PipelineInput {
    # 'False' or 'True (ByPropertyName, ByValue)': the text both markdown and MAML use.
    param([AllowEmptyCollection()] [string[]] $Kind)
    if (-not $Kind -or $Kind.Count -eq 0) { return 'False' }
    "True ($(@($Kind | Sort-Object -Unique) -join ', '))"
}

function Format-HelpPosition {
    param([Parameter(Mandatory)] [System.Management.Automation.CommandParameterInfo] $Parameter)
    if ($Parameter.Position -lt 0) { 'Named' } else { [string]$Parameter.Position }
}

function Test-SwitchParameterType {
    param([Parameter(Mandatory)] [type] $Type)
    $Type -eq [System.Management.Automation.SwitchParameter]
}
