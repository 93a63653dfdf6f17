package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fedikit/fedikit/mastodon"
)

// commentLength is how much of a report's comment the list shows, in
// characters.
const commentLength = 200

// moderator runs the commands against one server.
type moderator struct {
	client *mastodon.Client
	out    io.Writer
	dryRun bool
	now    func() time.Time
}

// reports lists the open reports, then, with all, the resolved ones.
func (m *moderator) reports(ctx context.Context, all bool) error {
	w := tabwriter.NewWriter(m.out, 0, 0, 2, ' ', 0)
	header := "ID\tAGE\tREPORTER\tTARGET\tCATEGORY\tRULES\tSTATUSES\tASSIGNED\tCOMMENT"
	if all {
		header = "ID\tSTATE\tAGE\tREPORTER\tTARGET\tCATEGORY\tRULES\tSTATUSES\tASSIGNED\tCOMMENT"
	}
	fmt.Fprintln(w, header)
	now := m.now()
	n := 0
	// Mastodon lists the open reports unless resolved=true is sent, and
	// then only the resolved ones: -all takes two walks.
	walks := []*mastodon.AdminReportsListOptions{{}}
	if all {
		walks = append(walks, &mastodon.AdminReportsListOptions{Resolved: true})
	}
	for _, opts := range walks {
		for r, err := range m.client.Admin.Reports.ListAll(ctx, opts) {
			if err != nil {
				if n > 0 {
					_ = w.Flush() // what was read is worth seeing
				}
				return fmt.Errorf("listing the reports: %w", err)
			}
			if r == nil {
				continue
			}
			n++
			state := ""
			if all {
				state = "open\t"
				if r.ActionTaken {
					state = "resolved\t"
				}
			}
			fmt.Fprintf(w, "%s\t%s%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n",
				oneLine(string(r.ID), 40), state, age(r.CreatedAt, now), handle(r.Account), handle(r.TargetAccount),
				orDash(oneLine(string(r.Category), 40)), ruleIDs(r.Rules), len(r.Statuses), handle(r.AssignedAccount),
				orDash(oneLine(r.Comment, commentLength)))
		}
	}
	switch {
	case n == 0 && all:
		fmt.Fprintln(m.out, "no reports")
	case n == 0:
		fmt.Fprintln(m.out, "no open reports")
	default:
		return w.Flush()
	}
	return nil
}

// report prints one report in full.
func (m *moderator) report(ctx context.Context, id string) error {
	r, _, err := m.client.Admin.Reports.Get(ctx, mastodon.ID(id))
	if err != nil {
		return reportError(id, err)
	}
	now := m.now()
	w := m.out
	state := "open"
	if r.ActionTaken {
		state = "resolved"
		if r.ActionTakenAt != nil {
			state += " " + timestamp(*r.ActionTakenAt)
		}
		if r.ActionTakenByAccount != nil {
			state += " by " + handle(r.ActionTakenByAccount)
		}
	}
	fmt.Fprintf(w, "Report %s (%s)\n", oneLine(string(r.ID), 40), state)
	fmt.Fprintf(w, "  filed:     %s (%s ago)\n", timestamp(r.CreatedAt), age(r.CreatedAt, now))
	fmt.Fprintf(w, "  reporter:  %s\n", describeAccount(r.Account))
	fmt.Fprintf(w, "  target:    %s\n", describeAccount(r.TargetAccount))
	fmt.Fprintf(w, "  category:  %s\n", orDash(oneLine(string(r.Category), 40)))
	if len(r.Rules) == 0 {
		fmt.Fprintln(w, "  rules:     -")
	} else {
		fmt.Fprintln(w, "  rules:")
		for _, rule := range r.Rules {
			fmt.Fprintf(w, "    %s: %s\n", oneLine(string(rule.ID), 40), oneLine(rule.Text, 500))
		}
	}
	fmt.Fprintf(w, "  forwarded: %s\n", yesNo(r.Forwarded))
	fmt.Fprintf(w, "  assigned:  %s\n", handle(r.AssignedAccount))
	fmt.Fprintf(w, "  updated:   %s\n", timestamp(r.UpdatedAt))
	if c := strings.TrimSpace(cleanText(r.Comment)); c != "" {
		fmt.Fprintf(w, "  comment:\n%s\n", indent(c, "    "))
	} else {
		fmt.Fprintln(w, "  comment:   -")
	}
	fmt.Fprintf(w, "  statuses:  %d\n", len(r.Statuses))
	for i, s := range r.Statuses {
		if s == nil {
			continue
		}
		author := "?"
		if s.Account != nil {
			author = "@" + oneLine(s.Account.Acct, 100)
		}
		fmt.Fprintf(w, "\n  [%d] status %s by %s, %s\n", i+1, oneLine(string(s.ID), 40), author, timestamp(s.CreatedAt))
		if s.URL != "" {
			fmt.Fprintf(w, "      %s\n", oneLine(s.URL, 500))
		}
		if s.SpoilerText != "" {
			fmt.Fprintf(w, "      content warning: %s\n", oneLine(s.SpoilerText, 500))
		}
		if text := htmlToText(s.Content); text != "" {
			fmt.Fprintln(w, indent(text, "      "))
		}
		if n := len(s.MediaAttachments); n > 0 {
			fmt.Fprintf(w, "      (%d media attachment%s)\n", n, plural(n))
		}
	}
	return nil
}

// resolve assigns the report to the token's account and resolves it.
func (m *moderator) resolve(ctx context.Context, id string) error {
	// Read first: to say what is resolved, and to leave a resolved report
	// (and its assignment) alone.
	r, _, err := m.client.Admin.Reports.Get(ctx, mastodon.ID(id))
	if err != nil {
		return reportError(id, err)
	}
	what := fmt.Sprintf("%s, %s against %s", orDash(oneLine(string(r.Category), 40)), handle(r.Account), handle(r.TargetAccount))
	if r.ActionTaken {
		by := ""
		if r.ActionTakenByAccount != nil {
			by = " by " + handle(r.ActionTakenByAccount)
		}
		fmt.Fprintf(m.out, "report %s is already resolved%s; nothing to do\n", oneLine(id, 40), by)
		return nil
	}
	if m.dryRun {
		fmt.Fprintf(m.out, "dry run: would assign report %s to yourself and resolve it (%s; assigned now to %s)\n",
			oneLine(id, 40), what, nobody(r.AssignedAccount))
		return nil
	}
	assigned, _, err := m.client.Admin.Reports.AssignToSelf(ctx, mastodon.ID(id))
	if err != nil {
		return fmt.Errorf("assigning report %s to yourself: %w", oneLine(id, 40), err)
	}
	resolved, _, err := m.client.Admin.Reports.Resolve(ctx, mastodon.ID(id))
	if err != nil {
		return fmt.Errorf("report %s is assigned to %s, but resolving it failed: %w", oneLine(id, 40), handle(assigned.AssignedAccount), err)
	}
	msg := fmt.Sprintf("resolved report %s (%s), assigned to %s", oneLine(id, 40), what, handle(assigned.AssignedAccount))
	if before := r.AssignedAccount; before != nil && (assigned.AssignedAccount == nil || before.ID != assigned.AssignedAccount.ID) {
		msg += ", taken over from " + handle(before)
	}
	if resolved.ActionTakenAt != nil {
		msg += ", at " + timestamp(*resolved.ActionTakenAt)
	}
	fmt.Fprintln(m.out, msg)
	return nil
}

// blockDomain adds a domain block.
func (m *moderator) blockDomain(ctx context.Context, c *command) error {
	opts := &mastodon.AdminDomainBlockOptions{
		Severity:       mastodon.AdminDomainBlockSeverity(c.severity),
		RejectMedia:    c.rejectMedia,
		RejectReports:  c.rejectReports,
		PublicComment:  c.publicComment,
		PrivateComment: c.privateComment,
	}
	if m.dryRun {
		fmt.Fprintf(m.out, "dry run: would block %s: %s\n", c.arg, describeBlock(c.severity, c.rejectMedia, c.rejectReports))
		if c.publicComment != "" {
			fmt.Fprintf(m.out, "  public comment: %s\n", oneLine(c.publicComment, 500))
		}
		if c.privateComment != "" {
			fmt.Fprintf(m.out, "  private comment: %s\n", oneLine(c.privateComment, 500))
		}
		// Reads are allowed: say whether the server would refuse it.
		for b, err := range m.client.Admin.DomainBlocks.ListAll(ctx, &mastodon.ListOptions{Limit: 200}) {
			if err != nil {
				return fmt.Errorf("listing the domain blocks: %w", err)
			}
			switch {
			case b == nil:
			case b.Domain == c.arg:
				fmt.Fprintf(m.out, "  %s is already blocked (%s, since %s): the server would refuse another block\n",
					c.arg, describeBlock(string(b.Severity), b.RejectMedia, b.RejectReports), timestamp(b.CreatedAt))
			case strings.HasSuffix(c.arg, "."+b.Domain):
				fmt.Fprintf(m.out, "  %s is covered by the block of %s (%s): the server refuses a block that is not stricter\n",
					c.arg, oneLine(b.Domain, 253), describeBlock(string(b.Severity), b.RejectMedia, b.RejectReports))
			}
		}
		return nil
	}
	created, _, err := m.client.Admin.DomainBlocks.Create(ctx, c.arg, opts)
	var exists *mastodon.DomainBlockExistsError
	switch {
	case errors.As(err, &exists) && exists.Existing != nil:
		b := exists.Existing
		if b.Domain == "" || b.Domain == c.arg {
			fmt.Fprintf(m.out, "%s is already blocked: %s, since %s (block %s)\n",
				c.arg, describeBlock(string(b.Severity), b.RejectMedia, b.RejectReports), timestamp(b.CreatedAt), oneLine(string(b.ID), 40))
		} else {
			fmt.Fprintf(m.out, "%s is already covered by the block of %s: %s, since %s (block %s)\n",
				c.arg, oneLine(b.Domain, 253), describeBlock(string(b.Severity), b.RejectMedia, b.RejectReports), timestamp(b.CreatedAt), oneLine(string(b.ID), 40))
		}
		return nil
	case err != nil:
		return fmt.Errorf("blocking %s: %w", c.arg, err)
	}
	fmt.Fprintf(m.out, "blocked %s: %s (block %s)\n", oneLine(created.Domain, 253), describeBlock(string(created.Severity), created.RejectMedia, created.RejectReports), oneLine(string(created.ID), 40))
	return nil
}

// reportError says which report a failed request was about.
func reportError(id string, err error) error {
	if errors.Is(err, mastodon.ErrNotFound) {
		return fmt.Errorf("there is no report %s (%w)", oneLine(id, 40), err)
	}
	return fmt.Errorf("reading report %s: %w", oneLine(id, 40), err)
}

// describeBlock says what a domain block does.
func describeBlock(severity string, rejectMedia, rejectReports bool) string {
	s := "severity " + oneLine(severity, 40)
	if rejectMedia {
		s += ", media rejected"
	}
	if rejectReports {
		s += ", reports rejected"
	}
	return s
}

// describeAccount names an account and says where it is and what state
// it is in.
func describeAccount(a *mastodon.AdminAccount) string {
	if a == nil {
		return "-"
	}
	s := handle(a)
	if a.Domain == "" {
		s += " (local"
	} else {
		s += " (remote"
	}
	s += ", account " + oneLine(string(a.ID), 40)
	for _, f := range []struct {
		on   bool
		what string
	}{{a.Suspended, "suspended"}, {a.Silenced, "limited"}, {a.Sensitized, "media sensitive"}, {a.Disabled, "login disabled"}} {
		if f.on {
			s += ", " + f.what
		}
	}
	return s + ")"
}

// nobody is handle, with "nobody" for no account.
func nobody(a *mastodon.AdminAccount) string {
	if a == nil {
		return "nobody"
	}
	return handle(a)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
