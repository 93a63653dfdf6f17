package peertube

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/fedikit/fedikit/internal/benchcmp"
)

// BenchmarkUpload sends a generated file (nothing on disk, nothing held
// in memory) to the loopback fake with the engine, in 8 MiB chunks, beside
// one raw PUT of the same bytes to a loopback handler that discards them.
// x-raw is the engine's median time over the raw PUT's; raw-MB/s and
// engine-MB/s are their throughputs. peak-heap-MB is the most memory
// held at once during the benchmark (both sides, and the servers): it
// stays the same from 256 MiB to 1 GiB. The 1 GiB case is skipped under
// -short.
func BenchmarkUpload(b *testing.B) {
	for _, size := range []int64{256 << 20, 1 << 30} {
		b.Run(fmt.Sprintf("%dMiB", size>>20), func(b *testing.B) {
			if size > 256<<20 && testing.Short() {
				b.Skip("1 GiB upload skipped under -short")
			}
			ctx := b.Context()
			gen := &uploadGen{size: size, seed: 1}

			fake := newFakeUploadServer(b)
			fake.discard = true
			base, err := url.Parse(fake.url())
			if err != nil {
				b.Fatal(err)
			}
			tr := &http.Transport{}
			b.Cleanup(tr.CloseIdleConnections)
			u := newUploader(&http.Client{Transport: uploadBearer{tr}}, base)

			sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.WriteHeader(http.StatusNoContent)
			}))
			b.Cleanup(sink.Close)
			rawTr := &http.Transport{}
			b.Cleanup(rawTr.CloseIdleConnections)
			rawClient := &http.Client{Transport: uploadBearer{rawTr}}

			raw := func() {
				req, err := http.NewRequestWithContext(ctx, http.MethodPut, sink.URL, io.NewSectionReader(gen, 0, size))
				if err != nil {
					b.Fatal(err)
				}
				req.ContentLength = size
				resp, err := rawClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				uploadDiscard(resp)
				if resp.StatusCode != http.StatusNoContent {
					b.Fatalf("raw PUT: %d", resp.StatusCode)
				}
			}
			engine := func() {
				s, _, err := u.start(ctx, uploadMeta("bench"), size, "video/mp4")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := u.send(ctx, s, gen); err != nil {
					b.Fatal(err)
				}
			}

			peak := benchcmp.StartHeapSampler()
			mRaw, mEngine := benchcmp.Medians(b, raw, engine)
			b.ReportMetric(float64(mEngine)/float64(mRaw), "x-raw")
			b.ReportMetric(float64(size)/(1<<20)/mRaw.Seconds(), "raw-MB/s")
			b.ReportMetric(float64(size)/(1<<20)/mEngine.Seconds(), "engine-MB/s")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
			b.ReportMetric(0, "ns/op") // both run per iteration: ns/op would mean neither
		})
	}
}
