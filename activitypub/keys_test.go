package activitypub

import (
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"sync"
	"testing"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testOwner = "https://a.test/users/alice"

func TestActorKeyNeverPrintsPrivateKey(t *testing.T) {
	t.Parallel()
	k, err := GenerateRSAKey(testOwner, testOwner+"#main-key")
	require.NoError(t, err)
	der := x509.MarshalPKCS1PrivateKey(k.Signer.(*rsa.PrivateKey))
	secret := base64.StdEncoding.EncodeToString(der)[40:80]
	d := k.Signer.(*rsa.PrivateKey).D.String()[:20]
	for _, s := range []string{
		fmt.Sprint(k), fmt.Sprint(*k), fmt.Sprintf("%v %+v %#v %s %q %x", k, k, k, k, k, k),
		fmt.Sprintf("%v %+v %#v", *k, *k, *k), fmt.Sprintf("%v", []*ActorKey{k}),
		fmt.Sprintf("%+v", struct{ K ActorKey }{*k}),
	} {
		assert.NotContains(t, s, secret)
		assert.NotContains(t, s, d)
		assert.Contains(t, s, "RSA-2048")
	}
	assert.Equal(t, `ActorKey{ID: "`+testOwner+`#main-key", Owner: "`+testOwner+`", Type: RSA-2048}`, k.String())
}

func TestGenerateKeys(t *testing.T) {
	t.Parallel()
	e, err := GenerateEd25519Key(testOwner, testOwner+"#ed")
	require.NoError(t, err)
	assert.Equal(t, testOwner+"#ed", e.ID)
	assert.Equal(t, testOwner, e.Owner)
	assert.Contains(t, e.String(), "Ed25519")
	_, err = httpsig.NewSigner(e.ID, e.Signer, nil)
	require.NoError(t, err)

	_, err = GenerateRSAKey("", "x")
	assert.Error(t, err)
	_, err = GenerateEd25519Key(testOwner, "not an iri")
	assert.Error(t, err)
	assert.Equal(t, `ActorKey{ID: "", Owner: "", Type: none}`, ActorKey{}.String())
}

func TestMemoryKeyStore(t *testing.T) {
	t.Parallel()
	s := NewMemoryKeyStore()
	ctx := t.Context()
	a, err := GenerateEd25519Key(testOwner, testOwner+"#a")
	require.NoError(t, err)
	b, err := GenerateEd25519Key(testOwner, testOwner+"#b")
	require.NoError(t, err)

	keys, err := s.Keys(ctx, testOwner)
	require.NoError(t, err)
	assert.Empty(t, keys)

	require.NoError(t, s.Add(ctx, a))
	require.NoError(t, s.Add(ctx, b))
	a2, err := GenerateEd25519Key(testOwner, testOwner+"#a")
	require.NoError(t, err)
	require.NoError(t, s.Add(ctx, a2)) // replaces a, in place
	keys, err = s.Keys(ctx, testOwner)
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.Equal(t, a2.Signer, keys[0].Signer)
	assert.Equal(t, b.ID, keys[1].ID)

	keys[0].ID = "changed"
	again, err := s.Keys(ctx, testOwner)
	require.NoError(t, err)
	assert.Equal(t, testOwner+"#a", again[0].ID, "the store hands out copies")

	assert.Error(t, s.Add(ctx, nil))
	assert.Error(t, s.Add(ctx, &ActorKey{ID: testOwner + "#x", Owner: testOwner}))

	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			owner := fmt.Sprintf("https://a.test/users/u%d", i%4)
			assert.NoError(t, s.Add(ctx, &ActorKey{ID: fmt.Sprintf("%s#k%d", owner, i), Owner: owner, Signer: a.Signer}))
			_, err := s.Keys(ctx, owner)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	keys, err = s.Keys(ctx, "https://a.test/users/u1")
	require.NoError(t, err)
	assert.Len(t, keys, 4)
}

func TestPublishKeys(t *testing.T) {
	t.Parallel()
	r, err := GenerateRSAKey(testOwner, testOwner+"#main-key")
	require.NoError(t, err)
	e, err := GenerateEd25519Key(testOwner, testOwner+"#ed25519-key")
	require.NoError(t, err)

	d := New("Person")
	require.NoError(t, d.Root().Set("id", testOwner))
	require.NoError(t, PublishKeys(d.Root(), []*ActorKey{r, e}))

	// Read back from the encoded document, as another server would.
	b, err := d.MarshalJSON()
	require.NoError(t, err)
	back, err := Decode(b, nil)
	require.NoError(t, err)
	pks := PublicKeys(back.Root())
	require.Len(t, pks, 1, "only RSA keys go in publicKey")
	assert.Equal(t, r.ID, string(pks[0].ID))
	assert.Equal(t, testOwner, string(pks[0].Owner))
	pub, err := pks[0].Parse()
	require.NoError(t, err)
	assert.True(t, r.Signer.Public().(*rsa.PublicKey).Equal(pub))

	mks := AssertionMethods(back.Root())
	require.Len(t, mks, 2)
	assert.Equal(t, r.ID, string(mks[0].ID))
	assert.Equal(t, e.ID, string(mks[1].ID))
	assert.Equal(t, testOwner, string(mks[1].Controller))
	mpub, err := mks[1].Parse()
	require.NoError(t, err)
	assert.True(t, e.Signer.Public().(ed25519.PublicKey).Equal(mpub))
	assert.NotContains(t, string(b), "PRIVATE")

	// A key of another actor is refused.
	other, err := GenerateEd25519Key("https://a.test/users/bob", "https://a.test/users/bob#k")
	require.NoError(t, err)
	assert.Error(t, PublishKeys(d.Root(), []*ActorKey{other}))

	// No keys removes both properties.
	require.NoError(t, PublishKeys(d.Root(), nil))
	assert.False(t, d.Root().Has("publicKey"))
	assert.False(t, d.Root().Has("assertionMethod"))
}
