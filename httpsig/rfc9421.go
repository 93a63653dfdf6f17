package httpsig

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/fedikit/fedikit/httpsig/internal/sfv"
)

// maxSignatures bounds how many labelled signatures one message may carry
// before the verifier refuses it.
const maxSignatures = 8

// rfcSignature is one labelled RFC 9421 signature: its Signature-Input
// member and its Signature bytes.
type rfcSignature struct {
	label      string
	input      sfv.InnerList
	components []sfv.Item
	signature  []byte

	keyID, alg, nonce, tag string
	created, expires       int64
	hasCreated, hasExpires bool

	// Set by parseCanonicalInput only: which string parameters were seen,
	// and the serialized inner list with its parameters, which is the text
	// of the Signature-Input member itself.
	hasKeyID, hasAlg, hasNonce, hasTag bool
	serialized                         string
	// inline holds the components of a canonical input, saving an
	// allocation for the usual handful.
	inline [4]sfv.Item
}

func malformed(header string, err error) error {
	if e, ok := err.(*sfv.Error); ok {
		return &MalformedError{Header: header, Offset: e.Offset, Reason: e.Msg}
	}
	return &MalformedError{Header: header, Offset: -1, Reason: err.Error()}
}

// parseRFC9421 parses the Signature-Input and Signature fields of h into
// labelled signatures, in Signature-Input order.
func parseRFC9421(h http.Header) ([]*rfcSignature, error) {
	inputs := strings.Join(h.Values("Signature-Input"), ", ")
	sigs := strings.Join(h.Values("Signature"), ", ")
	if len(inputs) > maxSignatureHeader {
		return nil, &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "too long"}
	}
	if len(sigs) > maxSignatureHeader {
		return nil, &MalformedError{Header: "Signature", Offset: -1, Reason: "too long"}
	}
	fast, isCanonical := parseCanonicalInput(inputs)
	if isCanonical {
		// One signature: the usual Signature value is one label and its
		// byte sequence.
		if label, b, ok := quickSignature(sigs); ok && label == fast.label {
			fast.signature = b
			return []*rfcSignature{fast}, nil
		}
	}
	sigDict, err := sfv.ParseDictionary(sigs)
	if err != nil {
		return nil, malformed("Signature", err)
	}
	if isCanonical {
		return withSignature([]*rfcSignature{fast}, sigDict)
	}
	inDict, err := sfv.ParseDictionary(inputs)
	if err != nil {
		return nil, malformed("Signature-Input", err)
	}
	if len(inDict) == 0 {
		return nil, ErrNoSignature
	}
	if len(inDict) > maxSignatures {
		return nil, &MalformedError{Header: "Signature-Input", Offset: -1, Reason: fmt.Sprintf("more than %d signatures", maxSignatures)}
	}
	out := make([]*rfcSignature, 0, len(inDict))
	for _, m := range inDict {
		s, err := parseSignatureInput(m.Key, m.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return withSignature(out, sigDict)
}

// withSignature finds the signature bytes of each parsed input in the
// Signature field.
func withSignature(sigs []*rfcSignature, sigDict sfv.Dictionary) ([]*rfcSignature, error) {
	for _, s := range sigs {
		v, ok := sigDict.Get(s.label)
		if !ok {
			return nil, &MalformedError{Header: "Signature", Offset: -1, Reason: fmt.Sprintf("no signature for label %q", s.label)}
		}
		it, _ := v.(sfv.Item)
		b, ok := it.Value.([]byte)
		if !ok || len(b) == 0 {
			return nil, &MalformedError{Header: "Signature", Offset: -1, Reason: fmt.Sprintf("signature %q is not a byte sequence", s.label)}
		}
		s.signature = b
	}
	return sigs, nil
}

// parseCanonicalInput reads a Signature-Input value that holds one
// signature written in canonical form, the way signers write it: a label,
// an inner list of component names without parameters, separated by
// single spaces, then parameters whose values are integers or strings
// without escapes, each key once. For such a value the RFC 8941
// serialization of the inner list is the text itself, so the
// @signature-params line needs no re-serialization. Anything else returns
// false and goes through the general parser, which gives the same result
// for what this accepts (FuzzParseSignatureInput checks it).
func parseCanonicalInput(v string) (*rfcSignature, bool) {
	eq := strings.IndexByte(v, '=')
	if eq <= 0 || !isLabel(v[:eq]) || len(v) < eq+3 || v[eq+1] != '(' {
		return nil, false
	}
	s := &rfcSignature{label: v[:eq], serialized: v[eq+1:]}
	i := eq + 2
	for v[i] != ')' {
		if len(s.components) > 0 {
			if v[i] != ' ' {
				return nil, false
			}
			i++
		}
		if i >= len(v) || v[i] != '"' {
			return nil, false
		}
		end := strings.IndexByte(v[i+1:], '"')
		if end < 0 {
			return nil, false
		}
		name := v[i+1 : i+1+end]
		if !plainName(name) {
			return nil, false
		}
		if s.components == nil {
			s.components = s.inline[:0]
		}
		s.components = append(s.components, sfv.Item{Value: name})
		i += end + 2
		if i >= len(v) {
			return nil, false
		}
	}
	i++ // ')'
	for i < len(v) {
		if v[i] != ';' {
			return nil, false
		}
		i++
		k := i
		for i < len(v) && v[i] != '=' {
			i++
		}
		key := v[k:i]
		if i >= len(v) || !isLabel(key) {
			return nil, false
		}
		i++
		vs := i
		var str string
		var num int64
		isString := i < len(v) && v[i] == '"'
		if isString {
			end := strings.IndexByte(v[i+1:], '"')
			if end < 0 || !plainName(v[i+1:i+1+end]) {
				return nil, false
			}
			str = v[i+1 : i+1+end]
			i += end + 2
		} else {
			for i < len(v) && v[i] >= '0' && v[i] <= '9' {
				i++
			}
			digits := v[vs:i]
			if digits == "" || len(digits) > 15 || (digits[0] == '0' && len(digits) > 1) {
				return nil, false
			}
			num, _ = strconv.ParseInt(digits, 10, 64)
		}
		var seen *bool
		switch key {
		case "created", "expires":
			if isString {
				return nil, false
			}
			if key == "created" {
				seen, s.created = &s.hasCreated, num
			} else {
				seen, s.expires = &s.hasExpires, num
			}
		case "keyid", "alg", "nonce", "tag":
			if !isString {
				return nil, false
			}
			switch key {
			case "keyid":
				seen, s.keyID = &s.hasKeyID, str
			case "alg":
				seen, s.alg = &s.hasAlg, str
			case "nonce":
				seen, s.nonce = &s.hasNonce, str
			default:
				seen, s.tag = &s.hasTag, str
			}
		default:
			return nil, false
		}
		if *seen {
			return nil, false
		}
		*seen = true
	}
	s.input = sfv.InnerList{Items: s.components}
	return s, true
}

// quickSignature reads a Signature value that is one label with a byte
// sequence and no parameters, the usual form, without the general parser.
func quickSignature(v string) (label string, sig []byte, ok bool) {
	eq := strings.IndexByte(v, '=')
	if eq <= 0 || len(v) < eq+3 || v[eq+1] != ':' || v[len(v)-1] != ':' || !isLabel(v[:eq]) {
		return "", nil, false
	}
	b64 := v[eq+2 : len(v)-1]
	for i := 0; i < len(b64); i++ {
		if c := b64[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=') {
			return "", nil, false
		}
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) == 0 {
		return "", nil, false
	}
	return v[:eq], b, true
}

// isLabel reports whether s is a structured-field key: lcalpha or "*",
// then lcalpha, DIGIT, "_", "-", "." or "*".
func isLabel(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', c == '*':
		case i > 0 && ('0' <= c && c <= '9' || c == '_' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

func parseSignatureInput(label string, m sfv.Member) (*rfcSignature, error) {
	bad := func(format string, args ...any) error {
		return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: fmt.Sprintf("%s: ", label) + fmt.Sprintf(format, args...)}
	}
	il, ok := m.(sfv.InnerList)
	if !ok {
		return nil, bad("not an inner list")
	}
	s := &rfcSignature{label: label, input: il, components: il.Items}
	for _, it := range il.Items {
		if _, ok := it.Value.(string); !ok {
			return nil, bad("component identifier is not a string")
		}
	}
	for _, p := range il.Params {
		switch p.Key {
		case "created", "expires":
			n, ok := p.Value.(int64)
			if !ok || n < 0 {
				return nil, bad("%s is not a Unix time", p.Key)
			}
			if p.Key == "created" {
				s.created, s.hasCreated = n, true
			} else {
				s.expires, s.hasExpires = n, true
			}
		case "keyid", "alg", "nonce", "tag":
			v, ok := p.Value.(string)
			if !ok {
				return nil, bad("%s is not a string", p.Key)
			}
			switch p.Key {
			case "keyid":
				s.keyID = v
			case "alg":
				s.alg = v
			case "nonce":
				s.nonce = v
			case "tag":
				s.tag = v
			}
		}
	}
	return s, nil
}

// signatureBase builds the RFC 9421 signature base (section 2.5) for the
// covered components and signature parameters in input. serialized, when
// not empty, is input already serialized. It also returns the serialized
// component identifiers.
func signatureBase(m *message, input sfv.InnerList, serialized string) ([]byte, []string, error) {
	b := bytes.NewBuffer(make([]byte, 0, 512))
	// The identifiers are written into the base as they are serialized;
	// their lengths let them be sliced out of the serialized
	// @signature-params value afterwards, without more allocations.
	lengths := make([]int, len(input.Items))
	for i, it := range input.Items {
		id, err := componentID(it)
		if err != nil {
			return nil, nil, err
		}
		lengths[i] = id.len()
		if err := appendComponent(b, m, it, id); err != nil {
			return nil, nil, err
		}
	}
	params := serialized
	if params == "" {
		var err error
		if params, err = sfv.MarshalInnerList(input); err != nil {
			return nil, nil, malformed("Signature-Input", err)
		}
	}
	ids := make([]string, len(lengths))
	pos := 1 // after "("
	for i, n := range lengths {
		ids[i] = params[pos : pos+n]
		pos += n + 1
		if slices.Contains(ids[:i], ids[i]) {
			return nil, nil, &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "component " + ids[i] + " listed twice"}
		}
	}
	b.WriteString(`"@signature-params": `)
	b.WriteString(params)
	return b.Bytes(), ids, nil
}

// cid is a serialized component identifier. The common case, a name
// without parameters or characters to escape, is kept bare and quoted when
// written, to save an allocation.
type cid struct {
	text string
	bare bool
}

func (c cid) len() int {
	if c.bare {
		return len(c.text) + 2
	}
	return len(c.text)
}

func (c cid) write(b *bytes.Buffer) {
	if c.bare {
		b.WriteByte('"')
		b.WriteString(c.text)
		b.WriteByte('"')
		return
	}
	b.WriteString(c.text)
}

func (c cid) String() string {
	if c.bare {
		return `"` + c.text + `"`
	}
	return c.text
}

// componentID serializes a component identifier.
func componentID(it sfv.Item) (cid, error) {
	if name, ok := it.Value.(string); ok && len(it.Params) == 0 && plainName(name) {
		return cid{text: name, bare: true}, nil
	}
	id, err := sfv.MarshalItem(it)
	if err != nil {
		return cid{}, malformed("Signature-Input", err)
	}
	return cid{text: id}, nil
}

// plainName reports whether a component name needs no escaping in a
// structured-field string.
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// line writes one signature base line, "id: value", from the parts of the
// value, refusing line breaks.
func line(b *bytes.Buffer, id cid, parts ...string) error {
	for _, p := range parts {
		if hasLineBreak(p) {
			return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "line break in the value of " + id.String()}
		}
	}
	id.write(b)
	b.WriteString(": ")
	for _, p := range parts {
		b.WriteString(p)
	}
	b.WriteByte('\n')
	return nil
}

// appendComponent writes the signature base line of one covered component
// (several for a query parameter that occurs more than once).
func appendComponent(b *bytes.Buffer, m *message, it sfv.Item, id cid) error {
	name := it.Value.(string)
	var sf, bs, req, tr bool
	var key, qname string
	var hasKey, hasName bool
	for _, p := range it.Params {
		switch p.Key {
		case "sf":
			sf = p.Value == true
		case "bs":
			bs = p.Value == true
		case "req":
			req = p.Value == true
		case "tr":
			tr = p.Value == true
		case "key":
			key, hasKey = p.Value.(string)
			if !hasKey {
				return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "key parameter of " + strconv.Quote(name) + " is not a string"}
			}
		case "name":
			qname, hasName = p.Value.(string)
			if !hasName {
				return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "name parameter of " + strconv.Quote(name) + " is not a string"}
			}
		default:
			return fmt.Errorf("%w: parameter %q on component %q", ErrUnsupportedComponent, p.Key, name)
		}
	}
	if name == "" || strings.ToLower(name) != name {
		return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: fmt.Sprintf("component name %q is not lower case", name)}
	}
	if req && m.status == 0 {
		return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "req parameter in a request signature"}
	}
	missing := func() error { return &MissingComponentError{Component: name, InMessage: true} }

	if name[0] == '@' {
		if sf || bs || tr || hasKey {
			return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "field parameters on derived component " + name}
		}
		if hasName != (name == "@query-param") {
			return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "name parameter belongs to @query-param only"}
		}
		switch name {
		case "@status":
			if m.status == 0 || req {
				return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "@status in a request signature"}
			}
			return line(b, id, strconv.Itoa(m.status))
		case "@signature-params":
			return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "@signature-params may not be covered"}
		}
		r := m.req
		if r == nil || (m.status != 0 && !req) {
			// Request components of a response need the req flag and the
			// request.
			return missing()
		}
		return appendDerived(b, id, r, m.scheme, name, qname)
	}

	if sf && bs || hasKey && bs {
		return &MalformedError{Header: "Signature-Input", Offset: -1, Reason: "bs cannot be combined with sf or key on " + name}
	}
	if bs {
		lines, ok := m.fieldLines(name, tr, req)
		if !ok {
			return missing()
		}
		var v strings.Builder
		for i, l := range lines {
			if i > 0 {
				v.WriteString(", ")
			}
			v.WriteByte(':')
			v.WriteString(base64.StdEncoding.EncodeToString([]byte(l)))
			v.WriteByte(':')
		}
		return line(b, id, v.String())
	}
	v, ok := m.fieldValue(name, tr, req)
	if !ok {
		return missing()
	}
	switch {
	case hasKey:
		d, err := sfv.ParseDictionary(v)
		if err != nil {
			return malformed(http.CanonicalHeaderKey(name), err)
		}
		mem, ok := d.Get(key)
		if !ok {
			return &MissingComponentError{Component: fmt.Sprintf("%s;key=%q", name, key), InMessage: true}
		}
		if v, err = marshalMember(mem); err != nil {
			return malformed(http.CanonicalHeaderKey(name), err)
		}
	case sf:
		var err error
		if v, err = reserializeField(name, v); err != nil {
			return err
		}
	}
	return line(b, id, v)
}

func marshalMember(mem sfv.Member) (string, error) {
	if il, ok := mem.(sfv.InnerList); ok {
		return sfv.MarshalInnerList(il)
	}
	return sfv.MarshalItem(mem.(sfv.Item))
}

// structuredFields gives the structured type of the fields whose sf
// re-serialization this package supports.
var structuredFields = map[string]byte{
	"signature":           'd',
	"signature-input":     'd',
	"accept-signature":    'd',
	"content-digest":      'd',
	"repr-digest":         'd',
	"want-content-digest": 'd',
	"want-repr-digest":    'd',
	"priority":            'd',
	"example-dict":        'd',
	"cache-status":        'l',
	"proxy-status":        'l',
	"example-list":        'l',
	"example-item":        'i',
}

func reserializeField(name, v string) (string, error) {
	var (
		s   string
		err error
	)
	switch structuredFields[name] {
	case 'd':
		var d sfv.Dictionary
		if d, err = sfv.ParseDictionary(v); err == nil {
			s, err = sfv.MarshalDictionary(d)
		}
	case 'l':
		var l sfv.List
		if l, err = sfv.ParseList(v); err == nil {
			s, err = sfv.MarshalList(l)
		}
	case 'i':
		var it sfv.Item
		if it, err = sfv.ParseItem(v); err == nil {
			s, err = sfv.MarshalItem(it)
		}
	default:
		return "", fmt.Errorf("%w: structured type of field %q unknown for the sf parameter", ErrUnsupportedComponent, name)
	}
	if err != nil {
		return "", malformed(http.CanonicalHeaderKey(name), err)
	}
	return s, nil
}

// appendDerived writes the line of a derived component (RFC 9421 section
// 2.2) of r.
func appendDerived(b *bytes.Buffer, id cid, r *http.Request, scheme, name, qname string) error {
	switch name {
	case "@method":
		if r.Method == "" {
			return line(b, id, http.MethodGet)
		}
		return line(b, id, r.Method)
	case "@authority":
		return line(b, id, normalizedAuthority(requestHost(r), scheme))
	case "@scheme":
		return line(b, id, scheme)
	}
	path, query, hasQuery := requestPathQuery(r)
	q := ""
	if hasQuery {
		q = "?"
	}
	switch name {
	case "@target-uri":
		return line(b, id, scheme, "://", normalizedAuthority(requestHost(r), scheme), path, q, query)
	case "@request-target":
		return line(b, id, path, q, query)
	case "@path":
		return line(b, id, path)
	case "@query":
		return line(b, id, "?", query)
	case "@query-param":
		vals := queryParam(query, qname)
		if len(vals) == 0 {
			return &MissingComponentError{Component: fmt.Sprintf("@query-param;name=%q", qname), InMessage: true}
		}
		for _, v := range vals {
			if err := line(b, id, v); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%w: derived component %q", ErrUnsupportedComponent, name)
}

// queryParam returns the values of the query parameter whose name, after
// form-decoding and re-encoding, is name (RFC 9421 section 2.2.8). Values
// are form-decoded and percent-encoded again, in query order.
func queryParam(query, name string) []string {
	var out []string
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if reencodeQueryPart(k) == name {
			out = append(out, reencodeQueryPart(v))
		}
	}
	return out
}

// reencodeQueryPart form-decodes s ('+' is a space, %XX a byte, an invalid
// escape stays as it is) and percent-encodes every byte but ALPHA, DIGIT
// and "*-._", writing a space as %20.
func reencodeQueryPart(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	emit := func(c byte) {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '*' || c == '-' || c == '.' || c == '_' {
			b.WriteByte(c)
			return
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			emit(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			emit(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			emit(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
