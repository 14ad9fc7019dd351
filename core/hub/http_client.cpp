#include "core/hub/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace i2v::hub {
namespace {

constexpr std::size_t kMaxCollectedBody = 64u << 20;
constexpr std::size_t kMaxErrorBody = 64u << 10;

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

struct Transfer {
    CURL* curl = nullptr;
    HttpResponse* response = nullptr;
    const std::function<bool(long, const char*, std::size_t)>* sink = nullptr;
    const std::function<bool(std::int64_t)>* progress = nullptr;
};

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) { // a new response (first, or after a redirect / 100 Continue)
        t->response->hops.emplace_back();
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon != std::string::npos && !t->response->hops.empty())
        t->response->hops.back()[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    return size * count;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    const bool good = status == 200 || status == 206;
    if (good && t->sink && *t->sink) {
        if (!(*t->sink)(status, data, n)) {
            t->response->abortedBySink = true;
            return CURL_WRITEFUNC_ERROR;
        }
        return n;
    }
    std::string& body = t->response->body;
    const std::size_t limit = good ? kMaxCollectedBody : kMaxErrorBody;
    if (body.size() < limit)
        body.append(data, std::min(n, limit - body.size()));
    else if (good) { // an API answer larger than anything the Hub sends: refuse
        t->response->abortedBySink = true;
        return CURL_WRITEFUNC_ERROR;
    }
    return n;
}

int onProgress(void* user, curl_off_t, curl_off_t dlNow, curl_off_t, curl_off_t)
{
    auto* t = static_cast<Transfer*>(user);
    if (t->progress && *t->progress && !(*t->progress)(static_cast<std::int64_t>(dlNow))) {
        t->response->abortedByProgress = true;
        return 1;
    }
    return 0;
}

} // namespace

std::string HttpResponse::firstHeader(const std::string& name) const
{
    if (!hops.empty()) {
        const auto it = hops.front().find(name);
        if (it != hops.front().end())
            return it->second;
    }
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
    CURL* curl = nullptr;
};

HttpClient::HttpClient() : m_impl(std::make_unique<Impl>())
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_impl->curl = curl_easy_init();
}

HttpClient::~HttpClient()
{
    if (m_impl->curl)
        curl_easy_cleanup(m_impl->curl);
}

HttpResponse HttpClient::get(const HttpRequest& request,
                             const std::function<bool(long, const char*, std::size_t)>& sink,
                             const std::function<bool(std::int64_t)>& progress)
{
    HttpResponse response;
    CURL* curl = m_impl->curl;
    if (!curl) {
        response.curlCode = CURLE_FAILED_INIT;
        response.curlError = "libcurl could not start";
        return response;
    }
    curl_easy_reset(curl); // keeps the connection cache
    Transfer t{curl, &response, &sink, &progress};
    char errorBuffer[CURL_ERROR_SIZE] = {0};

    curl_slist* headers = nullptr;
    for (const std::string& h : request.headers)
        headers = curl_slist_append(headers, h.c_str());
    // Bytes as stored: never let a transfer encoding change what is hashed (huggingface_hub asks the same).
    headers = curl_slist_append(headers, "Accept-Encoding: identity");

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
    // The token goes to the Hub only; libcurl drops Authorization on a redirect to another host (the CDN's
    // signed URL needs none). CURLOPT_UNRESTRICTED_AUTH stays off on purpose.
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "i2v-studio/" I2V_VERSION " (libcurl)");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, request.connectTimeoutSeconds);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, request.stallSeconds);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
    if (request.rangeStart >= 0) {
        const std::string range = std::to_string(request.rangeStart) + "-";
        curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
    }
    if (request.maxBytesPerSecond > 0)
        curl_easy_setopt(curl, CURLOPT_MAX_RECV_SPEED_LARGE, static_cast<curl_off_t>(request.maxBytesPerSecond));
    else // larger reads for speed; with a rate limit libcurl 7.88 then overshoots it (measured), so only without
        curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 256L * 1024L);

    const CURLcode code = curl_easy_perform(curl);
    response.curlCode = static_cast<int>(code);
    if (code != CURLE_OK)
        response.curlError = errorBuffer[0] ? std::string(errorBuffer) : std::string(curl_easy_strerror(code));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    char* effective = nullptr;
    if (curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
        response.effectiveUrl = effective;
    if (!response.hops.empty())
        response.headers = response.hops.back();
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
    return response;
}

bool HttpClient::isTransientCurlCode(int curlCode)
{
    switch (static_cast<CURLcode>(curlCode)) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

std::string urlQuote(const std::string& s, bool keepSlash)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        const bool plain = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace i2v::hub
