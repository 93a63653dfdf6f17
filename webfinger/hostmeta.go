package webfinger

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// MediaTypeXRD is the media type of an XRD document (host-meta's XML
// form).
const MediaTypeXRD = "application/xrd+xml"

// XRD is an Extensible Resource Descriptor, the XML form of host-meta (RFC
// 6415). Only what host-meta uses is kept: the subject, aliases and links.
type XRD struct {
	// Subject is the described resource, if given.
	Subject string
	// Aliases are other URIs for the subject.
	Aliases []string
	// Links are the document's links; Template carries lrdd templates.
	Links []Link
}

type xrdDoc struct {
	XMLName xml.Name  `xml:"XRD"`
	Subject string    `xml:"Subject"`
	Aliases []string  `xml:"Alias"`
	Links   []xrdLink `xml:"Link"`
}

type xrdLink struct {
	Rel      string     `xml:"rel,attr"`
	Type     string     `xml:"type,attr,omitempty"`
	Href     string     `xml:"href,attr,omitempty"`
	Template string     `xml:"template,attr,omitempty"`
	Titles   []xrdTitle `xml:"Title"`
}

type xrdTitle struct {
	Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Value string `xml:",chardata"`
}

// ParseXRD decodes an XRD document. It refuses documents whose root is not
// XRD and links without a rel; it does not fetch anything the document
// names (no DTDs, no external entities: encoding/xml resolves none).
func ParseXRD(data []byte) (*XRD, error) {
	var d xrdDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&d); err != nil {
		return nil, &MalformedError{What: "XRD", Reason: xmlReason(err)}
	}
	if d.XMLName.Space != "" && d.XMLName.Space != "http://docs.oasis-open.org/ns/xri/xrd-1.0" {
		return nil, &MalformedError{What: "XRD", Reason: "root element is not in the XRD namespace"}
	}
	x := &XRD{Subject: strings.TrimSpace(d.Subject)}
	for _, a := range d.Aliases {
		x.Aliases = append(x.Aliases, strings.TrimSpace(a))
	}
	for i, l := range d.Links {
		if l.Rel == "" {
			return nil, &MalformedError{What: "XRD", Reason: fmt.Sprintf("link %d has no rel", i)}
		}
		link := Link{Rel: l.Rel, Type: l.Type, Href: l.Href, Template: l.Template}
		for _, t := range l.Titles {
			if link.Titles == nil {
				link.Titles = make(map[string]string)
			}
			lang := t.Lang
			if lang == "" {
				lang = "und"
			}
			link.Titles[lang] = t.Value
		}
		x.Links = append(x.Links, link)
	}
	return x, nil
}

func xmlReason(err error) string {
	if se, ok := err.(*xml.SyntaxError); ok {
		return fmt.Sprintf("invalid XML on line %d", se.Line)
	}
	if strings.Contains(err.Error(), "expected element type <XRD>") {
		return "root element is not XRD"
	}
	return "invalid XML"
}

// marshal writes x as an XRD document.
func (x *XRD) marshal() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">`)
	if x.Subject != "" {
		b.WriteString("<Subject>")
		_ = xml.EscapeText(&b, []byte(x.Subject))
		b.WriteString("</Subject>")
	}
	for _, a := range x.Aliases {
		b.WriteString("<Alias>")
		_ = xml.EscapeText(&b, []byte(a))
		b.WriteString("</Alias>")
	}
	for _, l := range x.Links {
		b.WriteString("<Link")
		for _, attr := range [][2]string{{"rel", l.Rel}, {"type", l.Type}, {"href", l.Href}, {"template", l.Template}} {
			if attr[1] == "" {
				continue
			}
			b.WriteString(" " + attr[0] + `="`)
			_ = xml.EscapeText(&b, []byte(attr[1]))
			b.WriteString(`"`)
		}
		b.WriteString("/>")
	}
	b.WriteString("</XRD>\n")
	return b.Bytes()
}

// NewHostMetaHandler returns a handler for /.well-known/host-meta (and
// /.well-known/host-meta.json) that points WebFinger clients to baseURL's
// WebFinger endpoint with an lrdd template, such as
// "https://social.example/.well-known/webfinger?resource={uri}". It serves
// XRD, or the JSON form when the path ends in .json or the client prefers
// JSON.
func NewHostMetaHandler(baseURL string) http.Handler {
	template := strings.TrimRight(baseURL, "/") + "/.well-known/webfinger?resource={uri}"
	doc := &XRD{Links: []Link{{Rel: RelLRDD, Type: MediaTypeXRD, Template: template}}}
	xrd := doc.marshal()
	jsonDoc, _ := json.Marshal(JRD{Links: []Link{{Rel: RelLRDD, Template: template}}})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
		accept := r.Header.Get("Accept")
		if strings.HasSuffix(r.URL.Path, ".json") || (strings.Contains(accept, "json") && !strings.Contains(accept, "xrd+xml")) {
			w.Header().Set("Content-Type", MediaTypeJRD)
			_, _ = w.Write(jsonDoc)
			return
		}
		w.Header().Set("Content-Type", MediaTypeXRD+"; charset=utf-8")
		_, _ = w.Write(xrd)
	})
}
