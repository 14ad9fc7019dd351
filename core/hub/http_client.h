#pragma once
// A small HTTP(S) client on libcurl for the Hub: one easy handle per client (connections are reused between
// requests), redirects followed, response headers of every hop kept (the Hub's X-Repo-Commit and
// X-Linked-* sit on the first response, before the redirect to the CDN), the body streamed to a sink.
// Proxies come from the environment as libcurl reads them (https_proxy, http_proxy, no_proxy, all_proxy).
// Not thread-safe: one client per thread.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace i2v::hub {

struct HttpRequest {
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::int64_t rangeStart = -1;      // >= 0: "Range: bytes=<start>-"
    std::int64_t maxBytesPerSecond = 0; // 0 = unlimited (CURLOPT_MAX_RECV_SPEED_LARGE)
    long connectTimeoutSeconds = 30;
    long stallSeconds = 60;            // abort when under 1 byte/s for this long (then retried)
};

using HttpHeaders = std::map<std::string, std::string>; // names lower-cased

struct HttpResponse {
    int curlCode = 0;          // CURLcode; 0 = the exchange completed (any HTTP status)
    std::string curlError;     // libcurl's message when curlCode != 0
    long status = 0;           // final HTTP status (after redirects)
    HttpHeaders headers;       // final response's headers
    std::vector<HttpHeaders> hops; // every response's headers, first to last (redirects included)
    std::string effectiveUrl;
    std::string body;          // the body when no sink took it, or the error body (first 64 KiB) of a >= 400
    bool abortedBySink = false;
    bool abortedByProgress = false;

    bool transportOk() const { return curlCode == 0; }
    // The first hop's header `name` (lower-case), else the final one's, else "".
    std::string firstHeader(const std::string& name) const;
};

class HttpClient {
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // `sink(status, data, size)` receives the final response's body when status is 200 or 206; it returns
    // false to abort (e.g. a write failed). `progress(bytesReceivedThisRequest)` is called often (also
    // while stalled); it returns false to abort (cancel). Both may be empty. Without a sink the body is
    // collected in HttpResponse::body (up to 64 MiB; the Hub API's JSON).
    HttpResponse get(const HttpRequest& request,
                     const std::function<bool(long status, const char* data, std::size_t size)>& sink = {},
                     const std::function<bool(std::int64_t received)>& progress = {});

    // Is this libcurl code worth a retry (connection refused/reset, timeout, partial transfer)?
    static bool isTransientCurlCode(int curlCode);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Percent-encodes one path segment (or query value) as Python's quote(s, safe="") does.
std::string urlQuote(const std::string& s, bool keepSlash = false);

} // namespace i2v::hub
