#pragma once
// Error texts: the one place where an ErrorCode becomes a translated sentence that says what happened
// and what to do. The English detail from core goes into an expandable "details" area, never the headline.

#include "core/base/error.h"

#include <QCoreApplication>
#include <QString>

namespace i2v {
namespace ui {

class ErrorTexts {
    Q_DECLARE_TR_FUNCTIONS(i2v::ui::ErrorTexts)
public:
    // One or two translated sentences for `code` (what went wrong, then what to do).
    static QString sentence(ErrorCode code);
};

} // namespace ui
} // namespace i2v
