#include "ui/widgets/error_banner.h"

#include "ui/errors.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace i2v {
namespace ui {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this)), m_detailsButton(new QToolButton(this)),
      m_closeButton(new QToolButton(this)), m_details(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(QStringLiteral("bannerText"));
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setCheckable(true);
    m_closeButton->setText(QStringLiteral("✕"));
    m_closeButton->setToolTip(tr("Dismiss"));
    m_closeButton->setAccessibleName(tr("Dismiss"));
    m_closeButton->setObjectName(QStringLiteral("bannerClose"));
    m_closeButton->setAutoRaise(true);
    m_details->setReadOnly(true);
    m_details->setMaximumHeight(90);
    m_details->setVisible(false);

    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_icon, 0, Qt::AlignTop);
    row->addWidget(m_text, 1);
    row->addWidget(m_detailsButton, 0, Qt::AlignTop);
    row->addWidget(m_closeButton, 0, Qt::AlignTop);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(12, 8, 8, 8);
    column->addLayout(row);
    column->addWidget(m_details);

    connect(m_detailsButton, &QToolButton::toggled, m_details, &QWidget::setVisible);
    connect(m_closeButton, &QToolButton::clicked, this, &QWidget::hide);
    setVisible(false);
}

void ErrorBanner::showError(const Error& error)
{
    showMessage(Kind::Error, ErrorTexts::sentence(error.code), QString::fromStdString(error.detail));
}

void ErrorBanner::showMessage(Kind kind, const QString& text, const QString& details)
{
    setKind(kind);
    m_text->setText(text);
    m_details->setPlainText(details);
    m_detailsButton->setVisible(!details.isEmpty());
    m_detailsButton->setChecked(false);
    m_details->setVisible(false);
    setVisible(true);
}

QString ErrorBanner::text() const { return isHidden() ? QString() : m_text->text(); }
QString ErrorBanner::details() const { return m_details->toPlainText(); }

void ErrorBanner::setKind(Kind kind)
{
    m_kind = kind;
    const char* names[] = {"error", "warning", "info"};
    setProperty("kind", QString::fromLatin1(names[static_cast<int>(kind)]));
    const QStyle::StandardPixmap icons[] = {QStyle::SP_MessageBoxCritical, QStyle::SP_MessageBoxWarning,
                                            QStyle::SP_MessageBoxInformation};
    m_icon->setPixmap(style()->standardIcon(icons[static_cast<int>(kind)]).pixmap(QSize(20, 20), devicePixelRatioF()));
    style()->unpolish(this);
    style()->polish(this);
}

} // namespace ui
} // namespace i2v
