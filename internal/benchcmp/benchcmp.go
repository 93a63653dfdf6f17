// Package benchcmp times an operation beside its baseline in the same
// benchmark, so that their ratio is measured under the same conditions.
package benchcmp

import (
	"runtime"
	"runtime/metrics"
	"slices"
	"testing"
	"time"
)

// Medians runs base and f once per benchmark iteration, back to back, and
// returns the median time of each. Medians, not means: a burst of load
// from elsewhere on the machine does not move them.
func Medians(b *testing.B, base, f func()) (mBase, mF time.Duration) {
	tBase := make([]time.Duration, 0, b.N)
	tF := make([]time.Duration, 0, b.N)
	for b.Loop() {
		t0 := time.Now()
		base()
		t1 := time.Now()
		f()
		tF = append(tF, time.Since(t1))
		tBase = append(tBase, t1.Sub(t0))
	}
	slices.Sort(tBase)
	slices.Sort(tF)
	return tBase[len(tBase)/2], tF[len(tF)/2]
}

// Ratio runs Medians and reports f's median time over base's as the
// metric unit (such as "x-raw"), beside both medians in ns/op.
func Ratio(b *testing.B, base, f func(), unit, baseName, fName string) {
	mBase, mF := Medians(b, base, f)
	b.ReportMetric(float64(mF)/float64(mBase), unit)
	b.ReportMetric(float64(mBase.Nanoseconds()), baseName+"-ns/op")
	b.ReportMetric(float64(mF.Nanoseconds()), fName+"-ns/op")
}

// StartHeapSampler samples the live heap every millisecond until the
// returned function is called, which returns the highest live heap seen
// above the one at the start (after a GC), in bytes.
func StartHeapSampler() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	quit, done := make(chan struct{}), make(chan uint64)
	go func() {
		peak := base
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				done <- max(peak, read()) - base
				return
			case <-t.C:
				peak = max(peak, read())
			}
		}
	}()
	return func() uint64 {
		close(quit)
		return <-done
	}
}
