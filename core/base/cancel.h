#pragma once
// CancelToken: a shared flag the UI/CLI sets and long work polls at step boundaries. Copies share the
// flag. throwIfCancelled() throws I2vError(Cancelled), which the service catches once.

#include "core/base/error.h"

#include <atomic>
#include <memory>

namespace i2v {

class CancelToken {
public:
    CancelToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }
    void throwIfCancelled() const
    {
        if (isCancelled())
            fail(ErrorCode::Cancelled, "cancelled by the user");
    }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

} // namespace i2v
