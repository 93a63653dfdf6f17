package paginate

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mastodonCursor pages the way Mastodon does: each page names the id
// below which the next one starts.
type mastodonCursor struct {
	MaxID string
}

// peertubeCursor pages the way PeerTube does: an offset and a page size.
type peertubeCursor struct {
	Start, Count int
}

// timeline is a fake Mastodon timeline holding the ids top down to 1,
// newest first, served limit at a time. Like Mastodon it pages by max_id:
// a page holds the ids below MaxID (all of them for ""), and announces a
// next page, whose MaxID is its last id, while it has not reached id 1.
type timeline struct {
	top, limit int
	calls      int
	cursors    []mastodonCursor
}

func (tl *timeline) fetch(_ context.Context, c mastodonCursor) ([]string, mastodonCursor, bool, error) {
	tl.calls++
	tl.cursors = append(tl.cursors, c)
	below := tl.top + 1
	if c.MaxID != "" {
		n, err := strconv.Atoi(c.MaxID)
		if err != nil {
			return nil, mastodonCursor{}, false, err
		}
		below = n
	}
	var items []string
	for id := below - 1; id >= 1 && len(items) < tl.limit; id-- {
		items = append(items, strconv.Itoa(id))
	}
	if len(items) == 0 || items[len(items)-1] == "1" {
		return items, mastodonCursor{}, false, nil
	}
	return items, mastodonCursor{MaxID: items[len(items)-1]}, true, nil
}

// endless returns a fetch that always returns one item and more, and
// counts its calls.
func endless(calls *int) Fetch[int, int] {
	return func(_ context.Context, c int) ([]int, int, bool, error) {
		*calls++
		return []int{c}, c + 1, true, nil
	}
}

func TestSeq2MastodonWalk(t *testing.T) {
	t.Parallel()
	tl := &timeline{top: 8, limit: 3}
	got, err := Collect(Seq2(t.Context(), mastodonCursor{}, 0, tl.fetch))
	require.NoError(t, err)
	assert.Equal(t, []string{"8", "7", "6", "5", "4", "3", "2", "1"}, got)
	assert.Equal(t, 3, tl.calls)
	assert.Equal(t, []mastodonCursor{{}, {MaxID: "6"}, {MaxID: "3"}}, tl.cursors)
}

func TestSeq2PeerTubeOffsets(t *testing.T) {
	t.Parallel()
	const total = 7
	var starts []int
	fetch := func(_ context.Context, c peertubeCursor) ([]int, peertubeCursor, bool, error) {
		starts = append(starts, c.Start)
		var items []int
		for i := c.Start; i < total && i < c.Start+c.Count; i++ {
			items = append(items, i)
		}
		next := peertubeCursor{Start: c.Start + len(items), Count: c.Count}
		return items, next, next.Start < total, nil
	}
	got, err := Collect(Seq2(t.Context(), peertubeCursor{Start: 0, Count: 3}, 0, fetch))
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6}, got)
	assert.Equal(t, []int{0, 3, 6}, starts)
}

func TestSeq2StartsAtFirst(t *testing.T) {
	t.Parallel()
	tl := &timeline{top: 10, limit: 2}
	got, err := Collect(Seq2(t.Context(), mastodonCursor{MaxID: "5"}, 0, tl.fetch))
	require.NoError(t, err)
	assert.Equal(t, []string{"4", "3", "2", "1"}, got)
	assert.Equal(t, 2, tl.calls)
	assert.Equal(t, mastodonCursor{MaxID: "5"}, tl.cursors[0])
}

func TestSeq2BreakFetchesNoMore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		take      int // items taken before the break
		wantCalls int
	}{
		{"first item", 1, 1},
		{"last item of page 1", 3, 1},
		{"first item of page 2", 4, 2},
		{"middle of page 3", 8, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl := &timeline{top: 12, limit: 3}
			var got []string
			for item, err := range Seq2(t.Context(), mastodonCursor{}, 0, tl.fetch) {
				require.NoError(t, err)
				got = append(got, item)
				if len(got) == tt.take {
					break
				}
			}
			assert.Len(t, got, tt.take)
			assert.Equal(t, tt.wantCalls, tl.calls)
		})
	}
}

func TestSeq2ErrorOnPage2(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	calls := 0
	fetch := func(_ context.Context, c int) ([]string, int, bool, error) {
		calls++
		if c == 2 {
			// Items beside an error are not yielded.
			return []string{"ignored"}, 3, true, boom
		}
		return []string{"a", "b"}, 2, true, nil
	}

	type pair struct {
		item string
		err  error
	}
	var got []pair
	for item, err := range Seq2(t.Context(), 1, 0, fetch) {
		got = append(got, pair{item, err})
	}
	assert.Equal(t, []pair{{"a", nil}, {"b", nil}, {"", boom}}, got)
	assert.Equal(t, 2, calls)

	calls = 0
	items, err := Collect(Seq2(t.Context(), 1, 0, fetch))
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, []string{"a", "b"}, items)
	assert.Equal(t, 2, calls)
}

func TestSeq2ErrorOnFirstPage(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	fetch := func(context.Context, string) ([]int, string, bool, error) {
		return nil, "", false, boom
	}
	n := 0
	for item, err := range Seq2(t.Context(), "", 0, fetch) {
		n++
		assert.Zero(t, item)
		assert.ErrorIs(t, err, boom)
	}
	assert.Equal(t, 1, n)
}

func TestSeq2EmptyPageStops(t *testing.T) {
	t.Parallel()
	t.Run("second page", func(t *testing.T) {
		t.Parallel()
		calls := 0
		fetch := func(_ context.Context, c int) ([]int, int, bool, error) {
			calls++
			if c > 0 {
				return nil, c + 1, true, nil // says more, forever
			}
			return []int{1, 2}, c + 1, true, nil
		}
		got, err := Collect(Seq2(t.Context(), 0, 0, fetch))
		require.NoError(t, err)
		assert.Equal(t, []int{1, 2}, got)
		assert.Equal(t, 2, calls)
	})
	t.Run("first page", func(t *testing.T) {
		t.Parallel()
		calls := 0
		fetch := func(context.Context, int) ([]int, int, bool, error) {
			calls++
			return []int{}, 1, true, nil
		}
		got, err := Collect(Seq2(t.Context(), 0, 0, fetch))
		require.NoError(t, err)
		assert.Empty(t, got)
		assert.Equal(t, 1, calls)
	})
}

func TestSeq2MaxPages(t *testing.T) {
	t.Parallel()
	t.Run("limit reached with more to come", func(t *testing.T) {
		t.Parallel()
		calls := 0
		var items []int
		var errs []error
		for item, err := range Seq2(t.Context(), 0, 3, endless(&calls)) {
			if err != nil {
				errs = append(errs, err)
				assert.Zero(t, item)
				continue
			}
			items = append(items, item)
		}
		assert.Equal(t, []int{0, 1, 2}, items)
		assert.Equal(t, []error{ErrTooManyPages}, errs)
		assert.Equal(t, 3, calls)
	})
	t.Run("last page within the limit", func(t *testing.T) {
		t.Parallel()
		tl := &timeline{top: 6, limit: 2}
		got, err := Collect(Seq2(t.Context(), mastodonCursor{}, 3, tl.fetch))
		require.NoError(t, err)
		assert.Len(t, got, 6)
		assert.Equal(t, 3, tl.calls)
	})
	t.Run("one page", func(t *testing.T) {
		t.Parallel()
		calls := 0
		got, err := Collect(Seq2(t.Context(), 5, 1, endless(&calls)))
		assert.ErrorIs(t, err, ErrTooManyPages)
		assert.Equal(t, []int{5}, got)
		assert.Equal(t, 1, calls)
	})
	for _, maxPages := range []int{0, -1} {
		t.Run("no limit "+strconv.Itoa(maxPages), func(t *testing.T) {
			t.Parallel()
			calls := 0
			n := 0
			for _, err := range Seq2(t.Context(), 0, maxPages, endless(&calls)) {
				require.NoError(t, err)
				if n++; n == 500 {
					break
				}
			}
			assert.Equal(t, 500, calls)
		})
	}
}

func TestSeq2CancelledContext(t *testing.T) {
	t.Parallel()
	t.Run("before the first page", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		calls := 0
		n := 0
		for item, err := range Seq2(ctx, 0, 0, endless(&calls)) {
			n++
			assert.Zero(t, item)
			assert.ErrorIs(t, err, context.Canceled)
		}
		assert.Equal(t, 1, n)
		assert.Zero(t, calls)
	})
	t.Run("while the consumer reads page 1", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		calls := 0
		fetch := func(context.Context, int) ([]int, int, bool, error) {
			calls++
			return []int{1, 2, 3}, 0, true, nil
		}
		var items []int
		var errs []error
		for item, err := range Seq2(ctx, 0, 0, fetch) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			items = append(items, item)
			cancel()
		}
		// The page already fetched is yielded in full; the next fetch is not made.
		assert.Equal(t, []int{1, 2, 3}, items)
		assert.Equal(t, []error{context.Canceled}, errs)
		assert.Equal(t, 1, calls)
	})
	t.Run("deadline", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(t.Context(), 0)
		defer cancel()
		calls := 0
		_, err := Collect(Seq2(ctx, 0, 0, endless(&calls)))
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Zero(t, calls)
	})
}

func TestSeq2PassesContext(t *testing.T) {
	t.Parallel()
	type key struct{}
	ctx := context.WithValue(t.Context(), key{}, "v")
	fetch := func(ctx context.Context, _ int) ([]string, int, bool, error) {
		v, _ := ctx.Value(key{}).(string)
		return []string{v}, 0, false, nil
	}
	got, err := Collect(Seq2(ctx, 0, 0, fetch))
	require.NoError(t, err)
	assert.Equal(t, []string{"v"}, got)
}

func TestSeq2RangesAgain(t *testing.T) {
	t.Parallel()
	tl := &timeline{top: 3, limit: 2}
	seq := Seq2(t.Context(), mastodonCursor{}, 0, tl.fetch)
	first, err := Collect(seq)
	require.NoError(t, err)
	second, err := Collect(seq)
	require.NoError(t, err)
	assert.Equal(t, first, second)
	assert.Equal(t, []string{"3", "2", "1"}, first)
	assert.Equal(t, 4, tl.calls)
}

func TestCollectEmpty(t *testing.T) {
	t.Parallel()
	got, err := Collect(func(func(int, error) bool) {})
	require.NoError(t, err)
	assert.Nil(t, got)
}
