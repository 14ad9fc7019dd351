#pragma once
// Result<T>: a value or an Error, for APIs whose callers branch on failure instead of catching
// (the service, the CLI and the UI). Inside the engine, code throws I2vError instead.

#include "core/base/error.h"

#include <optional>
#include <utility>

namespace i2v {

template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}
    static Result failure(ErrorCode code, std::string detail) { return Result(Error{code, std::move(detail)}); }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return *m_value; }
    T& value() & { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const Error& error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

// Runs f() and converts an I2vError (or any std::exception, as Internal) into a Result.
template <typename F>
auto catchToResult(F&& f) -> Result<decltype(f())>
{
    try {
        return f();
    } catch (const I2vError& e) {
        return e.error();
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, e.what()};
    }
}

} // namespace i2v
