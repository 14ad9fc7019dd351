#include "core/service/interrupt.h"

#include <atomic>
#include <pthread.h>

namespace i2v {

struct InterruptWatcher::State {
    std::atomic<bool> stopping{false};
    std::atomic<int> received{0};
};

namespace {
sigset_t watchedSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}
} // namespace

InterruptWatcher::InterruptWatcher(std::function<void(int)> onInterrupt)
    : m_onInterrupt(std::move(onInterrupt)), m_state(std::make_unique<State>())
{
    const sigset_t set = watchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, &m_previousMask);
    m_thread = std::thread([this] {
        const sigset_t waitSet = watchedSignals();
        for (;;) {
            int sig = 0;
            if (sigwait(&waitSet, &sig) != 0)
                continue;
            if (m_state->stopping.load())
                return;
            m_state->received.fetch_add(1);
            if (m_onInterrupt)
                m_onInterrupt(sig);
        }
    });
}

InterruptWatcher::~InterruptWatcher()
{
    m_state->stopping.store(true);
    pthread_kill(m_thread.native_handle(), SIGTERM); // wakes sigwait; blocked, so it is not delivered otherwise
    m_thread.join();
    pthread_sigmask(SIG_SETMASK, &m_previousMask, nullptr);
}

int InterruptWatcher::signalsReceived() const { return m_state->received.load(); }

} // namespace i2v
