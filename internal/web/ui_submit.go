package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// submission is the outcome of one form submission, kept so that the
// browser is redirected to a page it can reload (POST-redirect-GET).
type submission struct {
	Result   *SubmitResult
	Articles []submittedView
	Stories  []*news.Story
}

// submittedView is a submitted article with its risk, once analysed.
type submittedView struct {
	SubmittedArticle
	Analysed bool
	Risk     float64
}

// maxSubmissions bounds the results kept in memory; the oldest go first.
const maxSubmissions = 200

// submitForm is the input page.
type submitForm struct {
	ReadOnly  bool
	NeedToken bool
	Errors    []string
	Text, URL string
}

func (s *Server) uiSubmitForm(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusOK, "submit.html", "Analyse articles", "submit", submitForm{ReadOnly: s.Submit == nil, NeedToken: s.Token != ""})
}

// uiSubmit analyses pasted text, a URL and uploaded files, keeps the
// result and redirects to it.
func (s *Server) uiSubmit(w http.ResponseWriter, r *http.Request) {
	form := submitForm{ReadOnly: s.Submit == nil, NeedToken: s.Token != ""}
	if s.Submit == nil {
		s.fail(w, r, news.Errorf(news.ECONFLICT, "this server is read-only"))
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.fail(w, r, err)
			return
		}
		s.fail(w, r, news.Errorf(news.EINVALID, "the form could not be read"))
		return
	}
	if r.MultipartForm != nil {
		defer func() { _ = r.MultipartForm.RemoveAll() }()
	}
	form.Text, form.URL = r.PostFormValue("text"), strings.TrimSpace(r.PostFormValue("url"))
	if !s.authorized(r, r.PostFormValue("token")) {
		form.Errors = []string{"The token is missing or wrong."}
		s.page(w, r, http.StatusUnauthorized, "submit.html", "Analyse articles", "submit", form)
		return
	}
	var inputs []Input
	if t := strings.TrimSpace(form.Text); t != "" {
		inputs = append(inputs, Input{Name: "pasted text", Body: []byte(t)})
	}
	if u := form.URL; u != "" {
		if !ingest.IsHTTPURL(u) {
			form.Errors = append(form.Errors, "The URL must start with http:// or https://.")
		} else {
			inputs = append(inputs, Input{Name: u, URL: u})
		}
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			b, err := readUpload(fh)
			if err != nil {
				form.Errors = append(form.Errors, fh.Filename+": could not be read")
				continue
			}
			// A file field left empty comes without a name; a chosen
			// file that is empty is read, and reported as empty, like
			// any other input that holds no article.
			if len(b) > 0 || fh.Filename != "" {
				inputs = append(inputs, Input{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Body: b})
			}
		}
	}
	if len(form.Errors) > 0 || len(inputs) == 0 {
		if len(form.Errors) == 0 {
			form.Errors = []string{"Paste a text, give a URL or choose files."}
		}
		s.page(w, r, http.StatusBadRequest, "submit.html", "Analyse articles", "submit", form)
		return
	}
	res, err := s.Submit.Submit(r.Context(), inputs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sub := &submission{Result: res}
	for _, id := range res.StoryIDs {
		st, err := s.Store.FindStoryByID(r.Context(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		sub.Stories = append(sub.Stories, st)
	}
	for _, a := range res.Articles {
		sv := submittedView{SubmittedArticle: a}
		an, err := s.Store.FindAnalysis(r.Context(), a.ID)
		switch {
		case err == nil:
			sv.Analysed, sv.Risk = true, an.Report.Risk
		case news.ErrorCode(err) != news.ENOTFOUND:
			s.fail(w, r, err)
			return
		}
		sub.Articles = append(sub.Articles, sv)
	}
	http.Redirect(w, r, "/submissions/"+s.keepSubmission(sub), http.StatusSeeOther)
}

// readUpload reads one uploaded file; the request's body limit bounds it.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// keepSubmission stores sub under a new random ID and returns the ID.
func (s *Server) keepSubmission(sub *submission) string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	id := hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.submissions == nil {
		s.submissions = map[string]*submission{}
	}
	s.submissions[id] = sub
	s.subOrder = append(s.subOrder, id)
	if len(s.subOrder) > maxSubmissions {
		delete(s.submissions, s.subOrder[0])
		s.subOrder = s.subOrder[1:]
	}
	return id
}

func (s *Server) uiSubmission(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	sub := s.submissions[r.PathValue("id")]
	s.mu.Unlock()
	if sub == nil {
		s.fail(w, r, news.Errorf(news.ENOTFOUND, "this result is no longer kept; the articles are in the story list"))
		return
	}
	s.page(w, r, http.StatusOK, "submission.html", "Analysis result", "submit", sub)
}
