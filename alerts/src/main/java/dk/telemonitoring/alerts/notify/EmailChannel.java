package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import io.vertx.core.Future;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;

/** E-mail over SMTP (vertx-mail-client). Plain text with the acknowledge link; no patient names. */
public final class EmailChannel implements NotificationChannel {

  private final MailClient mail;
  private final String from;

  public EmailChannel(MailClient mail, String from) {
    this.mail = mail;
    this.from = from;
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public Future<String> deliver(NotificationMessage m) {
    MailMessage message =
        new MailMessage()
            .setFrom(from)
            .setTo(m.address())
            .setSubject(m.subject())
            .setText(m.text());
    message.addHeader("X-Alert-Notification", m.notificationId().toString());
    return mail.sendMail(message).map(r -> "smtp accepted " + r.getRecipients());
  }
}
