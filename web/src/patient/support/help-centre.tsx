/** The public help centre: published articles (Swedish/English), searchable, and one article. */
import '../../support/support.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { useArticle, useArticles } from './api.js';

export function HelpCentrePage() {
  const { t, i18n } = useTranslation(['support', 'common']);
  usePageTitle(t('support:help.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const articles = useArticles(i18n.language === 'en' ? 'en' : 'sv', q);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(text ? { q: text } : {});
  };
  return (
    <PatientLayout>
      <h1>{t('support:help.title')}</h1>
      <p>{t('support:help.lead')}</p>
      <form onSubmit={submit} className="support-search">
        <TextField
          label={t('support:help.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          type="search"
        />
        <Button type="submit">{t('support:help.searchButton')}</Button>
      </form>
      {articles.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : articles.error ? (
        <ErrorAlert error={articles.error} />
      ) : articles.data.articles.length === 0 ? (
        <p>{t('support:help.none')}</p>
      ) : (
        <ul className="support-articles">
          {articles.data.articles.map((a) => (
            <li key={`${a.slug}-${a.locale}`}>
              <Link to={`/hjalp/${a.slug}?lang=${a.locale}`}>{a.title}</Link>
              <p className="muted">{a.excerpt}</p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/kontakt">{t('support:contact.link')}</Link>
      </p>
    </PatientLayout>
  );
}

export function ArticlePage() {
  const { t, i18n } = useTranslation(['support', 'common']);
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const locale = params.get('lang') === 'en' || (!params.get('lang') && i18n.language === 'en') ? 'en' : 'sv';
  const article = useArticle(slug, locale);
  usePageTitle(article.data?.title ?? t('support:help.title'));
  return (
    <PatientLayout>
      {article.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : article.error ? (
        <ErrorAlert error={article.error} />
      ) : (
        <article lang={article.data.locale}>
          <h1>{article.data.title}</h1>
          {article.data.body.split('\n\n').map((p) => (
            <p key={p}>{p}</p>
          ))}
        </article>
      )}
      <p>
        <Link to="/hjalp">{t('support:help.back')}</Link>
      </p>
    </PatientLayout>
  );
}
