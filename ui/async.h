#pragma once
// Runs blocking work (image decoding, video encoding, probing) on Qt's global thread pool and delivers
// the result on the GUI thread. The callback is skipped when `context` has been destroyed meanwhile.

#include "core/base/result.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace i2v {
namespace ui {

// work() runs on a pool thread and may throw I2vError (caught into the Result); done() runs on the GUI
// thread, only if `context` is still alive.
template <typename T>
void runAsync(QObject* context, std::function<T()> work, std::function<void(Result<T>)> done)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)] {
        auto result = std::make_shared<Result<T>>(catchToResult(work));
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, done, result] {
                if (guard)
                    done(std::move(*result));
            },
            Qt::QueuedConnection);
    });
}

} // namespace ui
} // namespace i2v
