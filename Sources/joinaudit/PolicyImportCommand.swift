import ArgumentParser
import Foundation
import JoinAuditIO

struct PolicyImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Build the policy file from Teams PowerShell exports (ConvertTo-Json).",
        discussion: """
            Export in Teams PowerShell:
              Get-CsTeamsMeetingConfiguration | ConvertTo-Json > configuration.json
              Get-CsTeamsMeetingPolicy | ConvertTo-Json > policies.json
              Get-CsOnlineUser | Select-Object Identity,UserPrincipalName,TeamsMeetingPolicy | ConvertTo-Json > users.json
            Example: joinaudit policy import --configuration samples/powershell/meeting-configuration.json \\
              --policies samples/powershell/meeting-policies.json --users samples/powershell/users.json \\
              --tenant-id t-contoso --output policy.json
            UTF-8 (with or without a BOM) and UTF-16 exports are read; users with no TeamsMeetingPolicy
            have Global and are left out of policy_assignments.
            """)

    @Option(help: ArgumentHelp("Get-CsTeamsMeetingConfiguration | ConvertTo-Json output. Without it the org-wide settings take their defaults.", valueName: "FILE"))
    var configuration: String?

    @Option(help: ArgumentHelp("Get-CsTeamsMeetingPolicy | ConvertTo-Json output (all policies, Global included).", valueName: "FILE"))
    var policies: String

    @Option(help: ArgumentHelp("Users with their TeamsMeetingPolicy, e.g. Get-CsOnlineUser | Select-Object Identity,UserPrincipalName,TeamsMeetingPolicy | ConvertTo-Json.", valueName: "FILE"))
    var users: String?

    @Option(name: .customLong("organizer-key"), help: ArgumentHelp("The users' key that holds the organizer id the logs use (default Identity, the object id; or UserPrincipalName).", valueName: "KEY"))
    var organizerKey = "Identity"

    @Option(name: .customLong("tenant-id"), help: ArgumentHelp("The tenant_id to write (the logs' tenant_id).", valueName: "ID"))
    var tenantID: String?

    @Option(help: ArgumentHelp("Write the policy file here instead of standard output.", valueName: "FILE"))
    var output: String?

    @Flag(help: "No summary on standard error.")
    var quiet = false

    func run() throws {
        let importer = PowerShellPolicyImport(configurationFile: configuration, policiesFile: policies, usersFile: users,
                                              organizerKey: organizerKey, tenantID: tenantID)
        let imported: PowerShellPolicyImport.Imported
        do { imported = try importer.run() } catch { throw InputError(error.description) }
        let text = PolicyFileWriter.text(imported)
        // What is written must read back as the same policy: checked here, not hoped for.
        do { _ = try PolicyFileLoader.load(data: Data(text.utf8), name: output ?? "(output)") } catch {
            throw InputError("the imported policy does not read back: \(error.description)")
        }
        if let output {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                throw InputError("\(output): cannot write: \((error as NSError).localizedDescription)")
            }
        } else {
            let out = OutputStream.standardOutput()
            out.write(text)
            out.flush()
        }
        if !quiet {
            Stderr.line("imported \(imported.policies.count) meeting policies and \(imported.users) users (\(imported.assignments.count) with a Tag: policy, \(imported.usersWithGlobal) with Global)")
        }
    }
}
