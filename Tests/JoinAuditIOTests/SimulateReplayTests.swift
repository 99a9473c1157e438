import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// The simulated service decides with the real evaluator: replayed, a day with violations
/// yields findings of every kind, and a day without yields only what the policy allows.
@Suite("Simulate: judged by the replay")
struct SimulateReplayTests {
    @Test func aDayWithViolationsHasFindingsOfEveryKind() {
        let day = SimulatedDay.standard
        #expect(Set(day.summary.violations.keys) == Set(SimulatedViolation.allCases))
        let out = SimulatedDay.replay(day.events)
        #expect(Set(out.findings.map(\.kind)) == Set(FindingKind.allCases))
        // The rules behind the injected violations.
        let rules = Set(out.findings.map(\.rule))
        for rule in [RuleName.unverifiedActor, .startNotAllowed, .anonymousAppManage, .anonymousAppsOff, .clientBlocked, .bypassAllowed] {
            #expect(rules.contains(rule), "\(rule)")
        }
        #expect(out.findings.contains { $0.kind == .blockedClientAttempt && $0.severity == .critical })
        #expect(out.findings.contains { $0.kind == .unexpectedAdmit && $0.severity == .critical })
    }

    @Test func findingsStayRare() {
        let out = SimulatedDay.replay(SimulatedDay.standard.events)
        #expect(out.findings.count < 20_000 / 50)
    }

    @Test func theLogNoiseShowsAsDataQualityProblems() {
        let out = SimulatedDay.replay(SimulatedDay.standard.events)
        #expect(out.problems.contains { $0.kind == .leftNotPresent })
    }

    @Test func withoutViolationsOnlyWhatThePolicyAllowsIsFound() {
        let day = SimulatedDay.clean
        #expect(day.summary.violationsTotal == 0)
        let out = SimulatedDay.replay(day.events)
        for finding in out.findings {
            let allowed = (finding.kind == .unverifiedStart && finding.rule == .startAllowed)
                || (finding.kind == .blockedClientAttempt && finding.severity == .info)
            #expect(allowed, "\(finding.kind.rawValue) \(finding.rule.rawValue) \(finding.eventID): \(finding.reason)")
        }
        #expect(out.findings.contains { $0.kind == .unverifiedStart })
        #expect(out.findings.contains { $0.kind == .blockedClientAttempt })
        // No noise, no orphans: every lobby admission, removal and leave matches the state.
        for problem in out.problems {
            #expect(!problem.kind.isOrphan, "\(problem.kind.rawValue): \(problem.detail)")
        }
    }
}
