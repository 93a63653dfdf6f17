package mastodon

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// ErrUnsplittable is matched by the error of [SplitThread] when the text
// cannot be cut into parts that fit: a link, a mention or a hashtag is
// longer than a part, or the content warning and counter leave no room.
var ErrUnsplittable = errors.New("mastodon: the text cannot be split into parts that fit")

// SplitOptions are the options of [SplitThread].
type SplitOptions struct {
	// Rules are the server's counting rules ([Client.LengthRules]); the
	// zero value means Mastodon's.
	Rules LengthRules
	// Counter appends " i/n" to each part (" 1/3", " 2/3", " 3/3"),
	// counted in its length. A text that fits in one status gets none.
	Counter bool
	// Spoiler is the content warning every part will carry: it counts
	// in the length of each.
	Spoiler string
}

// SplitThread splits text into parts that each fit in a status of
// opts.Rules, to be posted as a thread with [StatusesService.PostThread].
// A text that fits is returned whole, as the only part.
//
// Each part is as long as it can be, and ends at the strongest boundary
// it can: a paragraph (a blank line), then a line break, then the end of
// a sentence, then a word (white space, or a break between Chinese or
// Japanese characters). A word longer than a part is cut between
// grapheme clusters. A part never ends inside a link, a mention or a
// hashtag; one of those that is longer than a part by itself is an error
// that matches [ErrUnsplittable]. White space at the ends of parts is
// dropped; nothing else is.
//
// Lengths are counted by [StatusLength], content warning and counter
// included. Invalid UTF-8 is replaced by U+FFFD first, as it would be
// when posted.
func SplitThread(text string, opts SplitOptions) ([]string, error) {
	rules := opts.Rules.withDefaults()
	text, spoiler := validUTF8(text), validUTF8(opts.Spoiler)
	if StatusLength(text, spoiler, rules) <= rules.MaxCharacters {
		return []string{text}, nil
	}
	bps := breakpoints(text)
	if !opts.Counter {
		return splitAt(text, bps, spoiler, rules, nil)
	}
	// Reserve room for counters of as many digits as the count may
	// have, growing the guess until the count fits it.
	for digits := 1; digits <= 9; digits++ {
		most := strings.Repeat("9", digits)
		parts, err := splitAt(text, bps, spoiler, rules, func(i int) string { return " " + strconv.Itoa(i) + "/" + most })
		if err != nil {
			return nil, err
		}
		if len(parts) == 1 {
			return parts, nil
		}
		if len(strconv.Itoa(len(parts))) > digits {
			continue
		}
		for i := range parts {
			parts[i] += " " + strconv.Itoa(i+1) + "/" + strconv.Itoa(len(parts))
			if n := StatusLength(parts[i], spoiler, rules); n > rules.MaxCharacters {
				return nil, fmt.Errorf("mastodon: SplitThread made part %d of %d characters, over %d", i+1, n, rules.MaxCharacters)
			}
		}
		return parts, nil
	}
	return nil, fmt.Errorf("%w: it would take a billion parts", ErrUnsplittable)
}

// Strengths of the places where a part may end.
const (
	noBreak int8 = iota - 1
	breakGrapheme
	breakWord
	breakSentence
	breakLine
	breakParagraph
	breakEnd
)

// breakpoint is a place where a part may end, and how good a place it
// is.
type breakpoint struct {
	pos   int
	level int8
}

// splitAt cuts text at breakpoints into parts that fit, each with the
// counter suffix (nil: none) of its number.
func splitAt(text string, bps []breakpoint, spoiler string, rules LengthRules, counter func(int) string) ([]string, error) {
	var parts []string
	k := 0
	for start := skipSpaces(text, 0); start < len(text); {
		for bps[k].pos <= start {
			k++
		}
		suffix := ""
		if counter != nil {
			suffix = counter(len(parts) + 1)
		}
		part := func(j int) string {
			return strings.TrimRightFunc(text[start:bps[j].pos], unicode.IsSpace)
		}
		fits := func(j int) bool {
			return StatusLength(part(j)+suffix, spoiler, rules) <= rules.MaxCharacters
		}
		if !fits(k) {
			if StatusLength("x"+suffix, spoiler, rules) > rules.MaxCharacters {
				return nil, fmt.Errorf("%w: the content warning and counter leave no room for text", ErrUnsplittable)
			}
			return nil, fmt.Errorf("%w: %s at byte %d is longer than a part", ErrUnsplittable, quoteShort(part(k)), start)
		}
		// The furthest breakpoint that fits: gallop, then bisect. Length
		// mostly grows with the text; where it does not, this finds one
		// that fits, if not the furthest.
		lo, hi := k, len(bps)
		for step := 1; lo+step < len(bps); step *= 2 {
			if !fits(lo + step) {
				hi = lo + step
				break
			}
			lo += step
		}
		for hi-lo > 1 {
			if mid := (lo + hi) / 2; fits(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		// Within that reach, the strongest breakpoint, the last of them.
		best := k
		for j := k + 1; j <= lo; j++ {
			if bps[j].level >= bps[best].level {
				best = j
			}
		}
		if best != lo && !fits(best) {
			best = fallbackBreak(bps[k:lo+1], k, fits)
		}
		parts = append(parts, part(best))
		start = skipSpaces(text, bps[best].pos)
	}
	if len(parts) == 0 {
		suffix := ""
		if counter != nil {
			suffix = counter(1)
		}
		if StatusLength("x"+suffix, spoiler, rules) > rules.MaxCharacters {
			return nil, fmt.Errorf("%w: the content warning leaves no room for text", ErrUnsplittable)
		}
		return nil, fmt.Errorf("%w: the text is only white space, too much of it", ErrUnsplittable)
	}
	return parts, nil
}

// fallbackBreak picks among breakpoints (the first at index k) by strength,
// then position, the first that fits; the last one does.
func fallbackBreak(bps []breakpoint, k int, fits func(int) bool) int {
	order := make([]int, len(bps))
	for i := range order {
		order[i] = k + i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(bps[b-k].level, bps[a-k].level), cmp.Compare(b, a))
	})
	for _, j := range order {
		if fits(j) {
			return j
		}
	}
	return k + len(bps) - 1
}

// skipSpaces returns the offset of the first non-space at or after i.
func skipSpaces(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// quoteShort quotes s, cut to some 40 characters.
func quoteShort(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strconv.Quote(s)
}

// hashtagRE finds hashtags, near enough to Mastodon's Tag::HASHTAG_RE
// for keeping them whole: "#" not after "/", ")" or an ASCII word
// character, then word characters with at least one letter.
var hashtagRE = regexp.MustCompile(`(?:^|[^/)\w])(#[\p{L}\p{M}\p{Nd}\p{Pc}·・\x{200C}]*\p{L}[\p{L}\p{M}\p{Nd}\p{Pc}·・\x{200C}]*)`)

// atomSpan is a piece of text that a part must not end inside.
type atomSpan struct{ start, end int }

// splitAtoms returns the links, mentions and hashtags of text, sorted and
// merged where they overlap.
func splitAtoms(text string) []atomSpan {
	var spans []atomSpan
	for _, e := range textEntities(text) {
		spans = append(spans, atomSpan{e.start, e.end})
	}
	if strings.Contains(text, "#") {
		for _, m := range hashtagRE.FindAllStringSubmatchIndex(text, -1) {
			spans = append(spans, atomSpan{m[2], m[3]})
		}
	}
	slices.SortFunc(spans, func(a, b atomSpan) int { return cmp.Compare(a.start, b.start) })
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && s.start < merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// breakpoints returns the places where a part of text may end, in
// order, the end of the text last: the grapheme cluster boundaries
// outside links, mentions and hashtags that are not before white space,
// each with its strength.
func breakpoints(text string) []breakpoint {
	blocked := splitAtoms(text)
	var bps []breakpoint
	state, pos, a := -1, 0, 0
	for rest := text; rest != ""; {
		var cluster string
		var boundaries int
		cluster, rest, boundaries, state = uniseg.StepString(rest, state)
		pos += len(cluster)
		if pos == len(text) {
			break
		}
		for a < len(blocked) && blocked[a].end <= pos {
			a++
		}
		if a < len(blocked) && blocked[a].start < pos {
			continue
		}
		if level := breakLevel(text, pos, boundaries); level != noBreak {
			bps = append(bps, breakpoint{pos, level})
		}
	}
	return append(bps, breakpoint{len(text), breakEnd})
}

// breakLevel says how good a place the grapheme boundary at pos (with
// uniseg's boundaries information) is to end a part.
func breakLevel(text string, pos, boundaries int) int8 {
	prev, _ := utf8.DecodeLastRuneInString(text[:pos])
	next, _ := utf8.DecodeRuneInString(text[pos:])
	if unicode.IsSpace(next) {
		// Parts end after the white space, which is then dropped.
		return noBreak
	}
	sentence := boundaries&uniseg.MaskSentence != 0
	if unicode.IsSpace(prev) {
		start := strings.LastIndexFunc(text[:pos], func(r rune) bool { return !unicode.IsSpace(r) }) + 1
		run := strings.ReplaceAll(text[start:pos], "\r\n", "\n")
		lines := strings.Count(run, "\n") + strings.Count(run, "\r") + strings.Count(run, "\u2028") + strings.Count(run, "\u0085")
		switch {
		case lines >= 2 || strings.ContainsRune(run, '\u2029'):
			return breakParagraph
		case lines == 1:
			return breakLine
		case sentence:
			return breakSentence
		}
		return breakWord
	}
	if sentence && endsCJKSentence(text[:pos]) {
		return breakSentence
	}
	if boundaries&uniseg.MaskLine == uniseg.LineCanBreak && (isCJK(prev) || isCJK(next)) {
		return breakWord
	}
	return breakGrapheme
}

// endsCJKSentence reports whether s ends with a Chinese or Japanese full
// stop, exclamation or question mark, and perhaps closing brackets or
// quotes: a sentence may end there without white space.
func endsCJKSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.In(r, unicode.Pe, unicode.Pf) || r == '"' || r == '\'' })
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '。', '！', '？', '｡', '．':
		return true
	}
	return false
}

// isCJK reports whether r is written without spaces between words:
// Chinese characters, kana, and their punctuation.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// ThreadProgress records which parts of a thread were posted, so that a
// thread interrupted halfway can be resumed without posting a part twice.
// It marshals to JSON: save it before [StatusesService.PostThread] and
// after it returns, and pass it back to resume.
//
// A ThreadProgress is for one thread and one call at a time.
type ThreadProgress struct {
	// Posted are the ids of the parts posted so far, in order.
	Posted []ID `json:"posted,omitempty"`
	// Keys are the idempotency keys of the parts, one each, fixed when
	// the thread is planned ([NewThreadProgress]) or at the first call
	// of PostThread.
	Keys []string `json:"keys,omitempty"`

	// OnPosted, when set, is called after each part is posted, with its
	// index (from 0) and the progress so far, to save it: a crash after
	// that cannot post the part again. An error stops the thread.
	OnPosted func(i int, st *Status, p *ThreadProgress) error `json:"-"`
}

// NewThreadProgress plans a thread of n parts: it gives each its
// idempotency key. Saving the plan before posting makes even a crash
// during the first call safe to resume.
func NewThreadProgress(n int) *ThreadProgress {
	p := &ThreadProgress{Keys: make([]string, n)}
	for i := range p.Keys {
		p.Keys[i] = newIdempotencyKey()
	}
	return p
}

// PostThread posts parts as a thread: the first with the settings of
// first (visibility, language, content warning, media, poll, reply
// target…; its Status is replaced by parts[0]), each next one as a reply
// to the one before, with the same visibility, language, content warning
// and quote policy, and no media. parts usually come from
// [SplitThread].
//
// progress, when not nil, is read and updated after each part: the parts
// already in progress.Posted are skipped, and each part is posted with
// its key from progress.Keys (made here when empty; first.IdempotencyKey
// is then the first part's, if set), so that after a failure, or a crash
// once the keys were saved, a new call with the same progress posts what
// is left, and a part whose outcome was unknown is made at most once
// (see [StatusesService.Create]; Mastodon keeps the keys for an hour).
//
// PostThread returns the statuses posted by this call, also when it
// fails partway; the error then says which part failed.
func (s *StatusesService) PostThread(ctx context.Context, parts []string, first *NewStatus, progress *ThreadProgress) ([]*Status, error) {
	if len(parts) == 0 {
		return nil, errors.New("mastodon: PostThread needs parts")
	}
	for i, p := range parts[1:] {
		if strings.TrimSpace(p) == "" {
			return nil, fmt.Errorf("mastodon: PostThread: part %d is empty", i+2)
		}
	}
	if progress == nil {
		progress = &ThreadProgress{}
	}
	if len(progress.Posted) > len(parts) {
		return nil, fmt.Errorf("mastodon: PostThread: %d parts were posted, but the thread has %d", len(progress.Posted), len(parts))
	}
	var head NewStatus
	if first != nil {
		head = *first
	}
	switch len(progress.Keys) {
	case 0:
		progress.Keys = NewThreadProgress(len(parts)).Keys
		if head.IdempotencyKey != "" {
			progress.Keys[0] = head.IdempotencyKey
		}
	case len(parts):
	default:
		return nil, fmt.Errorf("mastodon: PostThread: the progress has %d keys for %d parts", len(progress.Keys), len(parts))
	}

	var posted []*Status
	for i := len(progress.Posted); i < len(parts); i++ {
		post := head
		if i > 0 {
			post = NewStatus{
				InReplyToID:         progress.Posted[i-1],
				Visibility:          head.Visibility,
				Language:            head.Language,
				SpoilerText:         head.SpoilerText,
				QuoteApprovalPolicy: head.QuoteApprovalPolicy,
			}
		}
		post.Status = parts[i]
		post.IdempotencyKey = progress.Keys[i]
		st, _, err := s.Create(ctx, &post)
		if err == nil && (st == nil || st.ID == "") {
			err = errors.New("mastodon: the server answered without the status")
		}
		if err != nil {
			return posted, fmt.Errorf("mastodon: posting part %d of %d: %w", i+1, len(parts), err)
		}
		progress.Posted = append(progress.Posted, st.ID)
		posted = append(posted, st)
		if progress.OnPosted != nil {
			if err := progress.OnPosted(i, st, progress); err != nil {
				return posted, fmt.Errorf("mastodon: after part %d of %d: %w", i+1, len(parts), err)
			}
		}
	}
	return posted, nil
}
